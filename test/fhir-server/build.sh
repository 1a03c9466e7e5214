#!/usr/bin/env bash
# Builds the test FHIR server (HAPI FHIR R4 JPA, H2 in memory) into target/carefront-test-fhir-server.jar.
# Installs Debian's JDK 17 and Maven only where missing; skips the build when the jar is newer than every source.
# Maven keeps what it downloads in ~/.m2 (a few hundred MB the first time): keep it between runs where CI allows.
set -euo pipefail
cd "$(dirname "$0")"
JAR=target/carefront-test-fhir-server.jar

need_apt=()
command -v java >/dev/null 2>&1 && java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])' || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "fhir-server: installing Debian packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ -f "$JAR" ] && [ -z "$(find pom.xml src -newer "$JAR" -print -quit)" ]; then
  echo "fhir-server: $JAR is up to date"
  exit 0
fi
echo "fhir-server: building $JAR (the first build downloads HAPI FHIR and Spring Boot from Maven Central)"
start=$(date +%s)
mvn -q -B package -DskipTests
echo "fhir-server: built in $(( $(date +%s) - start )) s"
