package cnnsandbox.ij1;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.LayoutManager;
import java.awt.Panel;
import java.awt.Rectangle;
import java.awt.ScrollPane;

import ij.gui.GUI;
import ij.gui.GenericDialog;

/**
 * A {@link GenericDialog} that fits on the screen: when its fields are taller than the screen (Train Fashion
 * Classifier's 26 keys are 1,150 pixels high), they go into a scroll pane and the OK / Cancel / Help buttons stay
 * below it, always visible. ImageJ 1.54's GenericDialog has no scrolling of its own: it grows past the screen's
 * bottom edge and its buttons cannot be reached (Fiji's SciJava dialogs scroll, through scijava-ui-swing's
 * SwingDialog). Macros never show the dialog, so they are unaffected.
 */
final class ScrollingDialog extends GenericDialog {

	private static final long serialVersionUID = 1L;
	/** Room left for the window's title bar and a task bar. */
	private static final int MARGIN = 60;
	private boolean wrapped;

	ScrollingDialog(String title) {
		super(title);
	}

	/** GenericDialog.showDialog lays the dialog out here, with its buttons panel added last, then shows it. */
	@Override
	public void pack() {
		super.pack();
		Rectangle screen = GUI.getMaxWindowBounds(this);
		if (wrapped || screen == null || getHeight() <= screen.height - MARGIN || !(getLayout() instanceof GridBagLayout))
			return;
		wrapped = true;
		GridBagLayout grid = (GridBagLayout) getLayout();
		Component[] parts = getComponents();
		Component buttons = parts[parts.length - 1];
		Panel fields = new Panel(new GridBagLayout());
		for (int i = 0; i < parts.length - 1; i++) {
			GridBagConstraints where = grid.getConstraints(parts[i]);
			remove(parts[i]);
			fields.add(parts[i], where);
		}
		remove(buttons);
		LayoutManager border = new BorderLayout();
		setLayout(border);
		ScrollPane scroll = new ScrollPane(ScrollPane.SCROLLBARS_AS_NEEDED);
		scroll.add(fields);
		scroll.getVAdjustable().setUnitIncrement(20);
		add(scroll, BorderLayout.CENTER);
		add(buttons, BorderLayout.SOUTH);
		Dimension inside = fields.getPreferredSize();
		int bar = scroll.getVScrollbarWidth();
		super.pack();
		int height = screen.height - MARGIN;
		int width = Math.min(screen.width - MARGIN, inside.width + bar + getInsets().left + getInsets().right + 8);
		setSize(width, height);
		setLocation(getX(), screen.y + MARGIN / 4);
		validate();
	}

	/** True when the fields were put into a scroll pane (for tests). */
	boolean scrolls() {
		return wrapped;
	}
}
