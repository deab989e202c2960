package dev.synclog.exporter.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** {@value #NAME} in the queue directory, replaced atomically so readers never see half a file. */
public final class StatusFile {
    public static final String NAME = "synclog-exporter.status.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusFile() {
    }

    public static Path in(Path queueDir) {
        return queueDir.resolve(NAME);
    }

    public static void write(Path queueDir, ExporterStatus status) throws IOException {
        Path tmp = queueDir.resolve(NAME + ".tmp");
        MAPPER.writeValue(tmp.toFile(), status);
        Files.move(tmp, in(queueDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static ExporterStatus read(Path queueDir) throws IOException {
        return MAPPER.readValue(in(queueDir).toFile(), ExporterStatus.class);
    }
}
