package cnnsandbox.explain;

import cnnsandbox.options.Options;

/** How an attribution map is made (the {@code method} key). */
public enum Method implements Options.Choice {
	/** d log p(target) / d pixel (Simonyan et al. 2014, signed). */
	GRADIENT("gradient"),
	/** the gradient averaged over noisy copies of the image (Smilkov et al. 2017). */
	SMOOTHGRAD("smoothgrad"),
	/** (x - baseline) times the gradient averaged along the straight path from the baseline (Sundararajan et al. 2017). */
	INTEGRATED_GRADIENTS("integrated_gradients"),
	/** the drop of log p(target) when a window around the pixel is set to the baseline (Zeiler and Fergus 2014). */
	OCCLUSION("occlusion"),
	/** a conv layer's maps weighted by their mean gradient, rectified and upsampled (Selvaraju et al. 2017). */
	GRADCAM("gradcam"),
	/**
	 * a conv layer's maps times their gradient element by element, summed over channels, rectified and upsampled
	 * (HiResCAM, Draelos and Carin 2020): Grad-CAM without the spatial mean, which a flatten-dense head cancels.
	 */
	HIRESCAM("hirescam");

	/** Grad-CAM and HiResCAM: made from a conv layer's maps. */
	public boolean usesLayerMaps() {
		return this == GRADCAM || this == HIRESCAM;
	}

	private final String label;

	Method(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}
}
