package org.fedhaem.grpc;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.fedhaem.grpc.proto.Instruction;
import org.fedhaem.grpc.proto.Reply;

/**
 * What the audit log says of a protobuf message: its kind (named after the proto's oneof cases, so the log reads
 * against {@code federation.proto}) and the packed parameter vector it carries, if any. Only names and the parameter
 * bytes are looked at: nothing a site computed from its rows besides model parameters is ever hashed or named.
 */
final class AuditKinds {
    private AuditKinds() {
    }

    /** {@code fit}, {@code evaluate} or {@code statistics:<question>}. */
    static String of(Instruction in) {
        return switch (in.getKindCase()) {
            case STATISTICS -> "statistics:" + lower(in.getStatistics().getQuestionCase().name());
            default -> lower(in.getKindCase().name());
        };
    }

    /** {@code fit_reply}, {@code evaluate_reply}, {@code statistics_reply:<answer>} or {@code failure}. */
    static String of(Reply reply) {
        return switch (reply.getKindCase()) {
            case FAILURE -> "failure";
            case STATISTICS -> "statistics_reply:" + lower(reply.getStatistics().getAnswerCase().name());
            default -> lower(reply.getKindCase().name()) + "_reply";
        };
    }

    /** The parameters an instruction sends (fit, evaluate, sum_risks, evaluate_model), or null. */
    static ByteString parameters(Instruction in) {
        return switch (in.getKindCase()) {
            case FIT -> in.getFit().getGlobal().getLeDoubles();
            case EVALUATE -> in.getEvaluate().getGlobal().getLeDoubles();
            case STATISTICS -> in.getStatistics().hasSumRisks()
                    ? in.getStatistics().getSumRisks().getGlobal().getLeDoubles()
                    : in.getStatistics().hasEvaluateModel()
                    ? in.getStatistics().getEvaluateModel().getParameters().getLeDoubles() : null;
            default -> null;
        };
    }

    /** The parameters a fit reply or an isolated model returns, or null. */
    static ByteString parameters(Reply reply) {
        if (reply.hasFit()) {
            return reply.getFit().getParameters().getLeDoubles();
        }
        return reply.hasStatistics() && reply.getStatistics().hasModel()
                ? reply.getStatistics().getModel().getParameters().getLeDoubles() : null;
    }

    static String sha256(ByteString bytes) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
        digest.update(bytes.asReadOnlyByteBuffer());
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
