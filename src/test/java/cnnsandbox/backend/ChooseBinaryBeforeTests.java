package cnnsandbox.backend;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The test JVM is an entry point too: choose ND4J's binary before any test touches ND4J, as the hosts do before
 * any command (registered in META-INF/services). Without it JavaCPP would take the first classifier jar it finds.
 */
public class ChooseBinaryBeforeTests implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		NativeBinary.select();
	}
}
