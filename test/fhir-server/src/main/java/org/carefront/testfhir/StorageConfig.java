package org.carefront.testfhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.dao.FulltextSearchSvcImpl;
import ca.uhn.fhir.jpa.dao.IFulltextSearchSvc;
import ca.uhn.fhir.jpa.dao.search.HSearchSortHelperImpl;
import ca.uhn.fhir.jpa.dao.search.IHSearchSortHelper;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.search.IStaleSearchDeletingSvc;
import ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/** Storage: H2 in memory, Hibernate with HAPI's H2 dialect, and the JPA server's settings for tests. */
@Configuration
@EnableTransactionManagement
public class StorageConfig {

  /** How often HAPI's job submits the changes waiting for subscription matching (HAPI's default: 5,000 ms). */
  static final long SUBSCRIPTION_SUBMIT_INTERVAL_MS = 100;

  @Bean
  public DataSource dataSource() {
    BasicDataSource ds = new BasicDataSource();
    ds.setDriverClassName("org.h2.Driver");
    ds.setUrl("jdbc:h2:mem:carefront-fhir;DB_CLOSE_DELAY=-1");
    ds.setUsername("sa");
    ds.setPassword("");
    ds.setMaxTotal(20);
    return ds;
  }

  @Bean
  public JpaStorageSettings jpaStorageSettings() {
    JpaStorageSettings s = new JpaStorageSettings();
    // What the desk relies on: versioned updates (If-Match), conditional create (If-None-Exist), history,
    // deletes, _lastUpdated, Bulk Data export.
    s.setResourceDbHistoryEnabled(true);
    s.setDeleteEnabled(true);
    s.setAllowMultipleDelete(false);
    s.setExpungeEnabled(true);
    s.setEnableTaskBulkExportJobExecution(true);
    // An export's steps follow each other at once instead of waiting for the job maintenance pass (HAPI's
    // fast tracking of small jobs): a test export completes in seconds, not minutes.
    s.setJobFastTrackingEnabled(true);
    s.setAllowExternalReferences(true);
    // The audit trail the desks export names the patients each row is about (AuditEvent.entity); a patient deleted
    // on the server (a test patient removed, a merge) leaves those records as they are instead of the delete being
    // refused (HAPI-0550): audit records outlive what they are about. Sites commonly run HAPI this way.
    s.setEnforceReferentialIntegrityOnDelete(false);
    // Synthea bundles refer to practitioners, organisations and locations by identifier; the test server makes
    // placeholders for the ones it does not hold (with the identifier) rather than refusing the bundle.
    s.setAutoCreatePlaceholderReferenceTargets(true);
    s.setPopulateIdentifierInAutoCreatedPlaceholderReferenceTargets(true);
    // Every search answers from the data as it is now (no reuse of an earlier identical search).
    s.setReuseCachedSearchResultsForMillis(null);
    return s;
  }

  @Bean
  public SubscriptionSettings subscriptionSettings() {
    SubscriptionSettings s = new SubscriptionSettings();
    s.addSupportedSubscriptionType(SubscriptionChannelType.WEBSOCKET);
    s.addSupportedSubscriptionType(SubscriptionChannelType.RESTHOOK);
    // HAPI keeps each change for subscription matching in a table (so none is lost) and a scheduled job hands the
    // table to the matcher: every 5 s by default, which is then most of a change's way to a websocket client.
    // Every 100 ms here (a cheap query on H2 when nothing changed). jpaserver-starter's name for this setting is
    // hapi.fhir.subscription.polling_interval_ms.
    s.setSubscriptionIntervalInMs(SUBSCRIPTION_SUBMIT_INTERVAL_MS);
    // A change to a Subscription itself (the desk creating or activating one) goes to the matcher at once, not
    // through the table (this setting only applies to Subscription resources).
    s.setSubscriptionChangeQueuedImmediately(true);
    return s;
  }

  /** Email subscriptions are not enabled; the subscription processor still needs a sender. */
  @Bean
  public IEmailSender emailSender() {
    return details -> {
      throw new UnsupportedOperationException("email subscriptions are not enabled on the test FHIR server");
    };
  }

  @Bean
  public PartitionSettings partitionSettings() {
    return new PartitionSettings();
  }

  @Bean
  public IFulltextSearchSvc fullTextSearchSvc() {
    return new FulltextSearchSvcImpl();
  }

  @Bean
  public IHSearchSortHelper hSearchSortHelper(ISearchParamRegistry searchParamRegistry) {
    return new HSearchSortHelperImpl(searchParamRegistry);
  }

  @Bean
  public IStaleSearchDeletingSvc staleSearchDeletingSvc() {
    return new StaleSearchDeletingSvcImpl();
  }

  @Primary
  @Bean
  public LocalContainerEntityManagerFactoryBean entityManagerFactory(
      DataSource dataSource, ConfigurableListableBeanFactory beanFactory, FhirContext fhirContext, JpaStorageSettings settings) {
    LocalContainerEntityManagerFactoryBean emf = HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, settings);
    emf.setPersistenceUnitName("HAPI_PU");
    emf.setDataSource(dataSource);
    Properties p = new Properties();
    p.put("hibernate.dialect", HapiFhirH2Dialect.class.getName());
    p.put("hibernate.hbm2ddl.auto", "update");
    p.put("hibernate.search.enabled", "false");
    p.put("hibernate.format_sql", "false");
    p.put("hibernate.show_sql", "false");
    p.put("hibernate.jdbc.batch_size", "20");
    p.put("hibernate.cache.use_query_cache", "false");
    p.put("hibernate.cache.use_second_level_cache", "false");
    p.put("hibernate.cache.use_structured_entries", "false");
    p.put("hibernate.cache.use_minimal_puts", "false");
    emf.setJpaProperties(p);
    return emf;
  }

  @Primary
  @Bean
  public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
    JpaTransactionManager tm = new JpaTransactionManager();
    tm.setEntityManagerFactory(entityManagerFactory);
    return tm;
  }
}
