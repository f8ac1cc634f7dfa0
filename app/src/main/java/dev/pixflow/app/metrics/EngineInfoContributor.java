package dev.pixflow.app.metrics;

import dev.pixflow.engine.vips.EngineLibraries;
import dev.pixflow.engine.vips.VipsImageEngine;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The image libraries in use, under {@code engine} in /actuator/info: the libvips version, whether it
 * is current (8.17 or newer), what chose it (PIXFLOW_VIPS_LIBRARY, pixflow.vips.library or the
 * system's), and what decodes HEIC. The library's file is in the startup log, not here: the endpoint
 * is open, and the server's paths are nobody else's business.
 */
@Component
public class EngineInfoContributor implements InfoContributor {
    @Override
    public void contribute(Info.Builder builder) {
        EngineLibraries libraries = VipsImageEngine.libraries();
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("libvips", libraries.libvips());
        engine.put("libvipsCurrent", libraries.current());
        engine.put("libvipsFrom", libraries.configuredBy());
        engine.put("heicDecoder", libraries.heicDecoder());
        builder.withDetail("engine", engine);
    }
}
