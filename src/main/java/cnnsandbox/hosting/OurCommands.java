package cnnsandbox.hosting;

import org.scijava.module.ModuleInfo;

import cnnsandbox.commands.DeblurSignal;
import cnnsandbox.commands.SandboxCommand;

/** The one answer to "is this one of our commands?" that every host and preprocessor asks. */
public final class OurCommands {

	/** Our commands' package: every class there annotated as a SciJava command is one of ours. */
	static final String PACKAGE = SandboxCommand.class.getPackageName() + ".";

	private OurCommands() {}

	/** Whether {@code info} is one of the CNN Sandbox commands. */
	public static boolean isOurs(ModuleInfo info) {
		return info != null && info.getDelegateClassName() != null && info.getDelegateClassName().startsWith(PACKAGE);
	}

	/**
	 * Whether the command runs without ND4J's natives: Deblur Signal does (its plain-Java gradient), and refuses by
	 * itself when asked for the SameDiff one.
	 */
	public static boolean runsWithoutNd4j(ModuleInfo info) {
		return DeblurSignal.class.getName().equals(info.getDelegateClassName());
	}
}
