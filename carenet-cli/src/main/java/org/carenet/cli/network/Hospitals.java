package org.carenet.cli.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the hospitals file: one hospital name a line; blank lines and lines starting with {@code #} ignored. */
public final class Hospitals {

    /** Ids that would clash with the network's own directories under the data directory. */
    static final Set<String> RESERVED_IDS = Set.of("postgres", "kafka", "logs");

    private Hospitals() {}

    /**
     * The hospitals listed in {@code file}, in file order.
     *
     * @throws InvalidHospitalsException if the file is missing, unreadable, lists no hospital, or lists two
     *     hospitals whose names have the same id
     */
    public static List<Hospital> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidHospitalsException("hospitals file " + file + " does not exist");
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidHospitalsException("cannot read hospitals file " + file + ": " + e.getMessage());
        }
        try {
            return parse(lines);
        } catch (InvalidHospitalsException e) {
            throw new InvalidHospitalsException("hospitals file " + file + ": " + e.getMessage());
        }
    }

    /** The hospitals named by {@code lines}, in order (see {@link #read(Path)}). */
    public static List<Hospital> parse(List<String> lines) {
        List<Hospital> hospitals = new ArrayList<>();
        Map<String, Integer> lineById = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNumber = i + 1;
            Hospital hospital;
            try {
                hospital = Hospital.named(line);
            } catch (IllegalArgumentException e) {
                throw new InvalidHospitalsException("line " + lineNumber + ": " + e.getMessage());
            }
            if (RESERVED_IDS.contains(hospital.id())) {
                throw new InvalidHospitalsException("line " + lineNumber + ": hospital id '" + hospital.id()
                        + "' is reserved ("
                        + String.join(", ", RESERVED_IDS.stream().sorted().toList()) + ")");
            }
            Integer earlier = lineById.putIfAbsent(hospital.id(), lineNumber);
            if (earlier != null) {
                throw new InvalidHospitalsException("line " + lineNumber + ": '" + line + "' has the same id '"
                        + hospital.id() + "' as line " + earlier);
            }
            hospitals.add(hospital);
        }
        if (hospitals.isEmpty()) {
            throw new InvalidHospitalsException("no hospitals listed (one hospital name a line; # starts a comment)");
        }
        return List.copyOf(hospitals);
    }

    /** A hospitals file that cannot start a network. */
    public static final class InvalidHospitalsException extends IllegalArgumentException {

        InvalidHospitalsException(String message) {
            super(message);
        }
    }
}
