package cnnsandbox.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChannelInputTest {

	/** A hyperstack's planes labelled on one channel or on all: one label per position; two labels refused in training. */
	@Test
	void positionLabelsTakeTheLabelTheChannelsCarry() {
		List<String> planes = Arrays.asList("bag", null, null, "boot", "coat", "coat", "dress", "shirt");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelInput.positionLabels(planes, 2, true));
		assertEquals("data_source=image: the channels of image 4 of the hyperstack are labelled 'dress' and 'shirt'; the channels of one "
			+ "position must name one class", e.getMessage());
		assertEquals(Arrays.asList("bag", "boot", "coat", "dress"), ChannelInput.positionLabels(planes, 2, false), "Classify Image: the first");
		assertEquals(Arrays.asList("bag", "boot", "coat"), ChannelInput.positionLabels(planes.subList(0, 6), 2, true));
	}
}
