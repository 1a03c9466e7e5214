package org.carefront.testfhir;

import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.IDaoRegistry;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.config.util.ResourceCountCacheUtil;
import ca.uhn.fhir.jpa.provider.DaoRegistryResourceSupportedSvc;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.util.ResourceCountCache;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.IResourceSupportedSvc;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The REST face: every resource type's provider, the system provider (transaction, _history), Bulk Data export. */
@Configuration
public class RestServerConfig {

  @Bean
  public DatabaseBackedPagingProvider databaseBackedPagingProvider() {
    DatabaseBackedPagingProvider paging = new DatabaseBackedPagingProvider();
    paging.setDefaultPageSize(20);
    paging.setMaximumPageSize(200);
    return paging;
  }

  @Bean
  public IResourceSupportedSvc resourceSupportedSvc(IDaoRegistry daoRegistry) {
    return new DaoRegistryResourceSupportedSvc(daoRegistry);
  }

  /** The resource counts the capability statement reports. */
  @Bean(name = "myResourceCountsCache")
  public ResourceCountCache resourceCountsCache(IFhirSystemDao<?, ?> systemDao) {
    return ResourceCountCacheUtil.newResourceCountCache(systemDao);
  }

  @Bean
  public RestfulServer restfulServer(
      IFhirSystemDao<?, ?> systemDao,
      ResourceProviderFactory resourceProviders,
      IJpaSystemProvider systemProvider,
      JpaStorageSettings storageSettings,
      ISearchParamRegistry searchParamRegistry,
      IValidationSupport validationSupport,
      DatabaseBackedPagingProvider paging,
      BulkDataExportProvider bulkDataExportProvider) {
    RestfulServer server = new RestfulServer(systemDao.getContext());
    systemDao.getContext().setNarrativeGenerator(new NullNarrativeGenerator());
    server.registerProviders(resourceProviders.createProviders());
    server.registerProvider(systemProvider);
    server.registerProvider(bulkDataExportProvider);
    JpaCapabilityStatementProvider capabilities =
        new JpaCapabilityStatementProvider(server, systemDao, storageSettings, searchParamRegistry, validationSupport);
    capabilities.setImplementationDescription("Carefront test FHIR server (HAPI FHIR R4 JPA)");
    server.setServerConformanceProvider(capabilities);
    server.setDefaultResponseEncoding(EncodingEnum.JSON);
    server.setPagingProvider(paging);
    server.registerInterceptor(tokenGuard());
    return server;
  }

  @Bean
  public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server, AutowireCapableBeanFactory beanFactory) {
    beanFactory.autowireBean(server);
    // The same server (and data) twice: /fhir takes any request, /guarded/fhir checks the bearer token (TokenGuard).
    ServletRegistrationBean<RestfulServer> reg = new ServletRegistrationBean<>(server, "/fhir/*", TokenGuard.GUARDED_SERVLET_PATH + "/*");
    reg.setLoadOnStartup(1);
    return reg;
  }

  @Bean
  public TokenGuard tokenGuard() {
    return new TokenGuard();
  }

  /** For tests: which OpenID provider checks the guarded base's tokens. */
  @Bean
  public ServletRegistrationBean<GuardConfigServlet> guardConfigServlet(TokenGuard guard) {
    return new ServletRegistrationBean<>(new GuardConfigServlet(guard), "/guard");
  }
}
