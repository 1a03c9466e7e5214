package org.carefront.testfhir;

import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import jakarta.annotation.PostConstruct;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * HAPI moves a Bulk Data export from one step to the next in its job maintenance pass, once a minute by default, so a
 * desk's first load waited tens of seconds whatever the data's size. The test server runs that pass every second (as
 * HAPI's own integration tests do, faster still): an export's time is then the server's work, not its schedule.
 */
@Configuration
public class JobMaintenanceConfig {

  static final long JOB_MAINTENANCE_INTERVAL_MS = 1_000;

  @Autowired IJobMaintenanceService jobMaintenanceService;

  @PostConstruct
  void runMaintenanceEverySecond() {
    if (jobMaintenanceService instanceof JobMaintenanceServiceImpl impl) {
      impl.setScheduledJobFrequencyMillis(JOB_MAINTENANCE_INTERVAL_MS);
    }
  }
}
