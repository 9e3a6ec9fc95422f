package io.wattflow.format;

import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.RawRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ShellyEmParserTest {
    /** EM.GetStatus of a Shelly Pro 3EM, as the device documents it. */
    private static final String STATUS = "{\"id\":0,\"a_current\":4.029,\"a_voltage\":236.1,\"a_act_power\":951.2,"
            + "\"a_aprt_power\":951.9,\"a_pf\":1,\"a_freq\":50,\"b_current\":4.027,\"b_voltage\":236.201,"
            + "\"b_act_power\":-951.1,\"b_aprt_power\":951.9,\"b_pf\":1,\"b_freq\":50,\"c_current\":3.03,"
            + "\"c_voltage\":236.402,\"c_act_power\":715.4,\"c_aprt_power\":716.1,\"c_pf\":1,\"c_freq\":50,"
            + "\"n_current\":11.029,\"total_current\":11.083,\"total_act_power\":715.511,\"total_aprt_power\":2619.624,"
            + "\"user_calibrated_phase\":[]}";

    private final ShellyEmParser parser = new ShellyEmParser();

    private static RawRecord raw(String json) {
        return new RawRecord(json.getBytes(StandardCharsets.UTF_8), "shelly/0/1");
    }

    @Test
    void readsANotifyStatusFrame() {
        String frame = "{\"src\":\"shellypro3em-c8f09e8\",\"dst\":\"wattflow\",\"method\":\"NotifyStatus\","
                + "\"params\":{\"ts\":1709294400.25,\"em:0\":" + STATUS + "}}";
        ParseResult r = parser.parse(raw(frame));
        assertThat(r.isOk()).as(r.toString()).isTrue();
        MeterReading m = r.reading();
        assertThat(m.meterId).isEqualTo("shellypro3em-c8f09e8");
        assertThat(m.timestampMs).isEqualTo(1709294400250L);
        assertThat(m.activePowerW).isEqualTo(715.511);
        assertThat(m.apparentPowerVa).isEqualTo(2619.624);
        assertThat(m.currentA).isEqualTo(11.083);
        assertThat(m.frequencyHz).isEqualTo(50.0);
        assertThat(m.reactivePowerVar).as("the device does not measure it").isNull();
        assertThat(m.phaseA.activePowerW).isEqualTo(951.2);
        assertThat(m.phaseA.voltageV).isEqualTo(236.1);
        assertThat(m.phaseB.activePowerW).as("export on one phase").isEqualTo(-951.1);
        assertThat(m.phaseC.currentA).isEqualTo(3.03);
        assertThat(m.phaseC.powerFactor).isEqualTo(1.0);
    }

    @Test
    void readsAnRpcResponseAndABareStatusWithKeyAndSourceTime() {
        ParseResult rpc = parser.parse(withSourceTime(raw("{\"id\":1,\"src\":\"shelly-1\",\"result\":" + STATUS + "}"), null));
        assertThat(rpc.reason()).isEqualTo(DeadLetterReason.MISSING_TIMESTAMP);

        RawRecord bare = withSourceTime(raw(STATUS), 1709294400000L);
        bare.key = "meter-from-key";
        ParseResult r = parser.parse(bare);
        assertThat(r.isOk()).isTrue();
        assertThat(r.reading().meterId).isEqualTo("meter-from-key");
        assertThat(r.reading().timestampMs).isEqualTo(1709294400000L);
    }

    @Test
    void sumsThePhasesWhenTheTotalIsMissing() {
        RawRecord bare = withSourceTime(raw("{\"a_act_power\":100.5,\"b_act_power\":200,\"c_voltage\":230}"), 1L);
        bare.key = "m";
        ParseResult r = parser.parse(bare);
        assertThat(r.reading().activePowerW).isEqualTo(300.5);
        assertThat(r.reading().phaseC.activePowerW).isNull();
        assertThat(r.reading().phaseC.voltageV).isEqualTo(230.0);
    }

    @Test
    void refusesBadFrames() {
        assertThat(parser.parse(raw("{\"src\":\"s\",\"params\":{\"ts\":1,\"em:0\":" + STATUS.substring(0, 40))).reason())
                .isEqualTo(DeadLetterReason.UNPARSABLE);
        assertThat(parser.parse(raw("{\"src\":\"s\",\"params\":{\"ts\":1}}")).reason()).isEqualTo(DeadLetterReason.UNPARSABLE);
        assertThat(parser.parse(raw("{\"params\":{\"ts\":1,\"em:0\":" + STATUS + "}}")).reason())
                .isEqualTo(DeadLetterReason.MISSING_METER_ID);
        assertThat(parser.parse(raw("{\"src\":\"s\",\"params\":{\"ts\":1,\"em:0\":{\"a_voltage\":230}}}")).reason())
                .isEqualTo(DeadLetterReason.MISSING_POWER);
        assertThat(parser.parse(raw("{\"src\":\"s\",\"params\":{\"ts\":1,\"em:0\":{\"total_act_power\":\"x\"}}}")).reason())
                .isEqualTo(DeadLetterReason.UNPARSABLE);
    }

    private static RawRecord withSourceTime(RawRecord r, Long ts) {
        r.sourceTimestampMs = ts;
        return r;
    }
}
