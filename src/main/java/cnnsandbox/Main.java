package cnnsandbox;

import cnnsandbox.cli.Cli;

/**
 * Headless entry point, mirroring Fiji's {@code --headless --run}:
 * {@code java -cp "jars/*:plugins/*" cnnsandbox.Main --run "Deblur Signal" "sigma=30 input=y.tif" --output DIR}.
 */
public final class Main {

	private Main() {}

	public static void main(String[] args) {
		cnnsandbox.backend.Threads.prepareNatives(); // before ND4J loads its natives
		System.exit(new Cli(System.out, System.err).run(args));
	}
}
