package org.carefront.testfhir;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.match.config.WebsocketDispatcherConfig;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The test FHIR server's entry point: a HAPI FHIR R4 JPA server (H2 in memory) on 127.0.0.1 only.
 * Port: the first argument, else $FHIR_PORT, else 8080. FHIR base: http://127.0.0.1:PORT/fhir,
 * subscription websocket: ws://127.0.0.1:PORT/websocket.
 */
@SpringBootApplication(
    excludeName = {
      "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration",
      "org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration",
      "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration",
      "org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration",
      "org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration",
    })
@Import({
  ThreadPoolFactoryConfig.class,
  JpaR4Config.class,
  JpaBatch2Config.class,
  Batch2JobsConfig.class,
  SubscriptionSubmitterConfig.class,
  SubscriptionProcessorConfig.class,
  SubscriptionChannelConfig.class,
  WebsocketDispatcherConfig.class,
  StorageConfig.class,
  JobMaintenanceConfig.class,
  RestServerConfig.class,
})
public class TestFhirServer {

  public static void main(String[] args) {
    String port = args.length > 0 ? args[0] : System.getenv().getOrDefault("FHIR_PORT", "8080");
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
      System.err.println("test FHIR server: the port must be a number from 0 to 65535, got '" + port + "'");
      System.exit(2);
    }
    Map<String, Object> props = new HashMap<>();
    props.put("server.address", "127.0.0.1");
    props.put("server.port", port);
    props.put("spring.main.allow-circular-references", "true");
    props.put("spring.main.allow-bean-definition-overriding", "true");
    props.put("spring.main.banner-mode", "off");
    props.put("spring.jmx.enabled", "false");
    // Nothing here uses JSP: skip Tomcat's scan of every jar for tag libraries (seconds on a loaded machine).
    props.put("server.tomcat.additional-tld-skip-patterns", "*.jar");
    SpringApplication app = new SpringApplication(TestFhirServer.class);
    app.setDefaultProperties(props);
    app.run();
  }
}
