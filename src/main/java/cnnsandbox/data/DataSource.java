package cnnsandbox.data;

import cnnsandbox.options.Options;

/** Where Train Fashion Classifier takes its images: {@code data_dir}, or an open stack whose slice labels name the classes. */
public enum DataSource implements Options.Choice {
	FOLDER("folder"), IMAGE("image");

	private final String label;

	DataSource(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}
}
