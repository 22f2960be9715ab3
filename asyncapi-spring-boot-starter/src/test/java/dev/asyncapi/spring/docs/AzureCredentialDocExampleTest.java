package dev.asyncapi.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * docs/spring-boot.md's {@code TokenCredential} bean, in a Spring context (that the starter's Azure Table store
 * authenticates with the application's {@code TokenCredential} bean is tested by AsyncApiAutoConfigurationTest).
 */
class AzureCredentialDocExampleTest {

    @Configuration(proxyBeanMethods = false)
    static class Credentials {

        // tag::spring-boot-token-credential[]
        @Bean
        TokenCredential azureCredential() {
            return new DefaultAzureCredentialBuilder().build();      // com.azure:azure-identity; managed identity in Azure
        }
        // end::spring-boot-token-credential[]
    }

    @Test
    void theApplicationHasOneTokenCredentialBeanTheDefaultChain() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Credentials.class)) {
            assertThat(context.getBeansOfType(TokenCredential.class)).hasSize(1);
            assertThat(context.getBean(TokenCredential.class)).isInstanceOf(DefaultAzureCredential.class);
        }
    }
}
