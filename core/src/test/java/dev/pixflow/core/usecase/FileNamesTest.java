package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTest {
    @Test
    void dropsDirectoriesAndControlCharacters() {
        assertThat(FileNames.clean("../../etc/passwd", ImageFormat.JPEG)).isEqualTo("passwd");
        assertThat(FileNames.clean("C:\\Users\\me\\IMG_0001.JPG", ImageFormat.JPEG)).isEqualTo("IMG_0001.JPG");
        assertThat(FileNames.clean("evil\u0000name\r\n.png", ImageFormat.PNG)).isEqualTo("evilname.png");
        assertThat(FileNames.clean("a\u202Egnp.exe", ImageFormat.PNG)).isEqualTo("agnp.exe");
        assertThat(FileNames.clean("photo été.jpg", ImageFormat.JPEG)).isEqualTo("photo été.jpg");
    }

    @Test
    void emptyOrDotNamesGetADefault() {
        assertThat(FileNames.clean(null, ImageFormat.WEBP)).isEqualTo("upload.webp");
        assertThat(FileNames.clean("dir/", ImageFormat.JPEG)).isEqualTo("upload.jpg");
        assertThat(FileNames.clean("..", ImageFormat.JPEG)).isEqualTo("upload.jpg");
    }

    @Test
    void longNamesKeepTheirEnd() {
        String name = "x".repeat(400) + ".jpg";
        assertThat(FileNames.clean(name, ImageFormat.JPEG)).hasSize(255).endsWith(".jpg");
    }

    @Test
    void aLongNameIsCutBetweenCharactersAndHalvesOfPairsAreDropped() {
        String cut = FileNames.clean("\uD83D\uDE00".repeat(200) + ".png", ImageFormat.PNG);
        assertThat(cut).hasSize(254).endsWith(".png");
        assertThat(Character.isHighSurrogate(cut.charAt(0))).isTrue();
        assertThat(FileNames.clean("a\uD800b.png", ImageFormat.PNG)).isEqualTo("ab.png");
        assertThat(FileNames.clean("a\u2028b.png", ImageFormat.PNG)).as("a name is one line").isEqualTo("ab.png");
    }
}
