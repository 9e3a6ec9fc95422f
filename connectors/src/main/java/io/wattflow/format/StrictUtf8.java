package io.wattflow.format;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: overlong forms ({@code C0 AF} for "/"), surrogates, truncated sequences and stray
 * continuation bytes are invalid. {@code new String(bytes, UTF_8)} replaces them with U+FFFD and
 * Jackson decodes some overlong forms, so a hostile meter id would slip through as a new meter.
 */
public final class StrictUtf8 {
    private StrictUtf8() {}

    public static boolean isValid(byte[] bytes) {
        if (bytes == null) {
            return true;
        }
        for (byte b : bytes) {
            if (b < 0) {
                return decodes(bytes);
            }
        }
        return true;  // ASCII, the usual case: no decoder needed
    }

    private static boolean decodes(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
