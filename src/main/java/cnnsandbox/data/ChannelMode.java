package cnnsandbox.data;

import cnnsandbox.options.Options;

/**
 * What colour (RGB) images become for training: {@code grey}, their luminance 0.299 R + 0.587 G + 0.114 B (one
 * channel, as before this key existed), or {@code color}, three channels R, G, B. Multi-channel images (an ImageJ
 * hyperstack, a multi-page TIFF) train as their own C channels either way: their channels are not colours to blend.
 */
public enum ChannelMode implements Options.Choice {
	GREY("grey"), COLOR("color");

	private final String label;

	ChannelMode(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}
}
