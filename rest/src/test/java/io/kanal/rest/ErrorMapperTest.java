package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.api.ApiException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    @Test
    void unexpectedFailureAnswersAnIdNotItsText() {
        Response a = new ErrorMapper().toResponse(new IllegalStateException("sasl.jaas.config password=hunter2"));
        Response b = new ErrorMapper().toResponse(new IllegalStateException("boom"));

        assertThat(a.getStatus()).isEqualTo(500);
        ErrorMapper.ErrorMessage body = (ErrorMapper.ErrorMessage) a.getEntity();
        assertThat(body.errorCode()).isEqualTo(500);
        assertThat(body.message())
                .matches("Internal error \\(id [0-9a-f-]{36}\\); see the worker log")
                .doesNotContain("hunter2")
                .doesNotContain("IllegalStateException");
        // Each failure gets its own id, so the log line can be found from the answer.
        assertThat(((ErrorMapper.ErrorMessage) b.getEntity()).message()).isNotEqualTo(body.message());
    }

    @Test
    void apiExceptionsKeepTheirStatusAndMessage() {
        Response r = new ErrorMapper().toResponse(new ApiException(409, "Connector c already exists"));

        assertThat(r.getStatus()).isEqualTo(409);
        assertThat(((ErrorMapper.ErrorMessage) r.getEntity()).message()).isEqualTo("Connector c already exists");
    }
}
