package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.TestBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Samsa gives the transactional answers a real Apache Kafka 4.3.1 broker gave to the same
 * scenarios (offsets taken by records and markers, LSO and log end offsets per isolation level,
 * consumer positions, timestamp lookups inside an open transaction, DescribeProducers,
 * Describe/ListTransactions with filters, fencing of a second instance, and raw error codes per
 * version). The expected values were recorded on Kafka, see the resource file's header.
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(BrokerExtension.class)
class TransactionAnswersIT {
    private static final String KAFKA_ANSWERS = "/kafka-4.3.1/transaction-answers.txt";

    @Test
    void samsaAnswersAsKafka431Did(TestBroker broker) throws Exception {
        Map<String, String> expected = kafkaAnswers();
        Map<String, String> observed = new TransactionAnswers(broker.bootstrapServers(), "it").observeAll();
        assertThat(expected).hasSizeGreaterThan(150);
        assertThat(observed).containsExactlyEntriesOf(expected);
    }

    private static Map<String, String> kafkaAnswers() throws IOException {
        Map<String, String> answers = new LinkedHashMap<>();
        try (InputStream in = Objects.requireNonNull(TransactionAnswersIT.class.getResourceAsStream(KAFKA_ANSWERS));
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int separator = line.indexOf(" = ");
                    answers.put(line.substring(0, separator), line.substring(separator + 3));
                }
            }
        }
        return answers;
    }
}
