package io.wattflow.models;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A model's manifest and its {@code .onnx} bytes, the bytes checked against the manifest's sha256. */
public final class ModelFiles {
    public final ModelManifest manifest;
    public final byte[] onnx;

    private ModelFiles(ModelManifest manifest, byte[] onnx) {
        this.manifest = manifest;
        this.onnx = onnx;
    }

    /** Reads {@code <name>.manifest.json} and the model file it names from {@code source}. */
    public static ModelFiles load(ModelSource source, String name) {
        String manifestFile = name + ".manifest.json";
        ModelManifest manifest = ModelManifest.parse(read(source, manifestFile), source.describe(manifestFile));
        byte[] onnx = read(source, manifest.file);
        String actual = sha256(onnx);
        if (!actual.equalsIgnoreCase(manifest.sha256)) {
            throw new ModelLoadException(source.describe(manifest.file) + " has sha256 " + actual + " but its manifest says "
                    + manifest.sha256 + "; copy the model file and its manifest from the same export.");
        }
        return new ModelFiles(manifest, onnx);
    }

    private static byte[] read(ModelSource source, String file) {
        try {
            return source.read(file);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read model file " + source.describe(file) + " (" + e.getMessage()
                    + "); check the model location (--models) and that the file is there.", e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
