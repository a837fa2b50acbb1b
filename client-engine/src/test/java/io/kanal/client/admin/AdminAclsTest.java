package io.kanal.client.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.admin.AclBinding.Operation;
import io.kanal.client.admin.AclBinding.PatternType;
import io.kanal.client.admin.AclBinding.Permission;
import io.kanal.client.admin.AclBinding.ResourceType;
import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.BrokerErrorException;
import io.kanal.client.errors.Errors;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.CreateAclsRequest;
import io.kanal.client.protocol.message.CreateAclsResponse;
import io.kanal.client.protocol.message.DeleteAclsRequest;
import io.kanal.client.protocol.message.DeleteAclsResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CreateAcls and DeleteAcls: the requests and the mapping of their in-order results, without a broker. */
class AdminAclsTest {
    private static final AclBinding WRITE_ID =
            AclBinding.allow("User:p", Operation.WRITE, ResourceType.TRANSACTIONAL_ID, PatternType.LITERAL, "g-c-0");
    private static final AclBinding READ_TOPICS =
            AclBinding.allow("User:w", Operation.READ, ResourceType.TOPIC, PatternType.PREFIXED, "g-");

    @Test
    void createAclsCarriesEachBindingWithItsProtocolIds() {
        ApiRequest request = AclCalls.createRequest(List.of(WRITE_ID, READ_TOPICS));
        assertThat(request.api()).isEqualTo(ApiKey.CREATE_ACLS);
        CreateAclsRequest body = (CreateAclsRequest) request.body().forVersion((short) 3);
        assertThat(body.creations()).hasSize(2);
        CreateAclsRequest.AclCreation first = body.creations().get(0);
        assertThat(first.resourceType()).isEqualTo((byte) 5);
        assertThat(first.resourceName()).isEqualTo("g-c-0");
        assertThat(first.resourcePatternType()).isEqualTo((byte) 3);
        assertThat(first.principal()).isEqualTo("User:p");
        assertThat(first.host()).isEqualTo("*");
        assertThat(first.operation()).isEqualTo((byte) 4);
        assertThat(first.permissionType()).isEqualTo((byte) 3);
        assertThat(body.creations().get(1).resourcePatternType()).isEqualTo((byte) 4);
    }

    @Test
    void createResultsMapToTheBindingsInRequestOrderAndAMissingResultIsLeftToRetry() {
        CreateAclsResponse response = CreateAclsResponse.builder()
                .results(List.of(
                        CreateAclsResponse.AclCreationResult.builder().build(),
                        CreateAclsResponse.AclCreationResult.builder()
                                .errorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                                .errorMessage("no")
                                .build()))
                .build();
        AclBinding third = AclBinding.allow("User:x", Operation.ALL, ResourceType.GROUP, PatternType.LITERAL, "g");
        Map<AclBinding, Outcome<Boolean>> out =
                AclCalls.createOutcomes(response, List.of(WRITE_ID, READ_TOPICS, third));
        assertThat(out.get(WRITE_ID)).isEqualTo(new Outcome.Done<>(true));
        assertThat(out.get(READ_TOPICS)).isInstanceOfSatisfying(Outcome.Fail.class, f -> assertThat(f.error())
                .isInstanceOf(AuthorizationException.class));
        assertThat(out).doesNotContainKey(third);
    }

    @Test
    void deleteAclsSendsFiltersAndReturnsWhatEachDeleted() {
        AclBinding anyForP =
                new AclBinding(ResourceType.ANY, null, PatternType.ANY, "User:p", null, Operation.ANY, Permission.ANY);
        ApiRequest request = AclCalls.deleteRequest(List.of(anyForP));
        assertThat(request.api()).isEqualTo(ApiKey.DELETE_ACLS);
        DeleteAclsRequest.DeleteAclsFilter filter = ((DeleteAclsRequest)
                        request.body().forVersion((short) 3))
                .filters()
                .get(0);
        assertThat(filter.resourceTypeFilter()).isEqualTo((byte) 1);
        assertThat(filter.resourceNameFilter()).isNull();
        assertThat(filter.principalFilter()).isEqualTo("User:p");
        assertThat(filter.hostFilter()).isNull();

        DeleteAclsResponse response = DeleteAclsResponse.builder()
                .filterResults(List.of(DeleteAclsResponse.DeleteAclsFilterResult.builder()
                        .matchingAcls(List.of(DeleteAclsResponse.DeleteAclsMatchingAcl.builder()
                                .resourceType((byte) 5)
                                .resourceName("g-c-0")
                                .patternType((byte) 3)
                                .principal("User:p")
                                .host("*")
                                .operation((byte) 4)
                                .permissionType((byte) 3)
                                .build()))
                        .build()))
                .build();
        assertThat(AclCalls.deleteOutcomes(response, List.of(anyForP)))
                .containsEntry(anyForP, new Outcome.Done<>(List.of(WRITE_ID)));
    }

    @Test
    void anIdANewerBrokerAddedReadsAsUnknownRatherThanFailingTheCall() {
        DeleteAclsResponse response = DeleteAclsResponse.builder()
                .filterResults(List.of(DeleteAclsResponse.DeleteAclsFilterResult.builder()
                        .matchingAcls(List.of(DeleteAclsResponse.DeleteAclsMatchingAcl.builder()
                                .resourceType((byte) 42)
                                .resourceName("r")
                                .patternType((byte) 17)
                                .principal("User:p")
                                .host("*")
                                .operation((byte) 99)
                                .permissionType((byte) 9)
                                .build()))
                        .build()))
                .build();
        AclBinding anyForP =
                new AclBinding(ResourceType.ANY, null, PatternType.ANY, "User:p", null, Operation.ANY, Permission.ANY);
        assertThat(AclCalls.deleteOutcomes(response, List.of(anyForP)))
                .containsEntry(
                        anyForP,
                        new Outcome.Done<>(List.of(new AclBinding(
                                ResourceType.UNKNOWN,
                                "r",
                                PatternType.UNKNOWN,
                                "User:p",
                                "*",
                                Operation.UNKNOWN,
                                Permission.UNKNOWN))));
        assertThat(ResourceType.forId((byte) 0)).isEqualTo(ResourceType.UNKNOWN);
        assertThat(Operation.forId((byte) 4)).isEqualTo(Operation.WRITE);
    }

    @Test
    void aCreationWithAFilterValueFailsItsItemTypedAndIsNotSent() throws Exception {
        AclBinding anyOperation = new AclBinding(
                ResourceType.TOPIC, "t", PatternType.LITERAL, "User:p", "*", Operation.ANY, Permission.ALLOW);
        AclBinding match = AclBinding.allow("User:p", Operation.READ, ResourceType.TOPIC, PatternType.MATCH, "t");
        AclBinding anyResource = AclBinding.allow("User:p", Operation.READ, ResourceType.ANY, PatternType.LITERAL, "t");
        AclBinding noPrincipal = AclBinding.allow(null, Operation.READ, ResourceType.TOPIC, PatternType.LITERAL, "t");
        AclBinding noHost = new AclBinding(
                ResourceType.TOPIC, "t", PatternType.LITERAL, "User:p", null, Operation.READ, Permission.ALLOW);
        AclBinding anyPermission = new AclBinding(
                ResourceType.TOPIC, "t", PatternType.LITERAL, "User:p", "*", Operation.READ, Permission.ANY);
        AclBinding noName = AclBinding.allow("User:p", Operation.READ, ResourceType.TOPIC, PatternType.LITERAL, null);
        List<AclBinding> bad = List.of(anyOperation, match, anyResource, noPrincipal, noHost, anyPermission, noName);
        assertThat(WRITE_ID.whyNotCreatable()).isEmpty();

        // Nothing listens at 127.0.0.1:1: the outcome comes without any request.
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", "127.0.0.1:1"))) {
            BatchResult<AclBinding, Boolean> result =
                    admin.createAcls(bad).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(result.values()).isEmpty();
            assertThat(result.errors()).containsOnlyKeys(bad);
            assertThat(result.errors().values()).allSatisfy(e -> assertThat(e)
                    .isInstanceOfSatisfying(BrokerErrorException.class, b -> assertThat(b.error())
                            .contains(Errors.INVALID_REQUEST))
                    .hasMessageContaining("Invalid ACL creation"));
            assertThat(result.errors().get(match)).hasMessageContaining("pattern type MATCH");
            assertThat(result.errors().get(noHost)).hasMessageContaining("no host");
        }
    }
}
