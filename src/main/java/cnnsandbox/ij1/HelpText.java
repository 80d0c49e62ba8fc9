package cnnsandbox.ij1;

import java.util.Map;

import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;

import cnnsandbox.hosting.CommandRunner;
import net.imglib2.RandomAccessibleInterval;

/**
 * The dialog's Help button: the command's description and every key with its default, choices and hint, from the
 * same {@code @Parameter} declarations the dialog and {@code cnn-sandbox --help "Command"} are built from.
 */
final class HelpText {

	private HelpText() {}

	static String html(CommandInfo info, Map<String, Object> defaults) {
		String label = info.getMenuPath().getLeaf().getName();
		StringBuilder s = new StringBuilder("<html><h2>").append(escape(label)).append("</h2>");
		if (info.getDescription() != null) s.append("<p>").append(escape(info.getDescription())).append("</p>");
		s.append("<table border=0 cellpadding=2>");
		for (ModuleItem<?> item : CommandRunner.userInputs(info)) {
			if (RandomAccessibleInterval.class.isAssignableFrom(item.getType())) continue;
			s.append("<tr><td valign=top><b>").append(item.getName()).append("</b></td><td>");
			if (item.getDescription() != null) s.append(escape(item.getDescription())).append("<br>");
			if (item.getChoices() != null && !item.getChoices().isEmpty())
				s.append("one of: ").append(escape(String.join(", ", item.getChoices().stream().map(Object::toString).toArray(String[]::new)))).append("<br>");
			Object def = defaults.get(item.getName());
			s.append("<i>default: ").append(def == null || def.toString().isEmpty() ? "(empty)" : escape(def.toString())).append("</i></td></tr>");
		}
		s.append("</table><p>In a macro: <tt>run(\"").append(escape(label)).append("\", \"key=value ...\");</tt> with the keys above; "
			+ "on the command line: <tt>cnn-sandbox --help \"").append(escape(label)).append("\"</tt>.</p></html>");
		return s.toString();
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
