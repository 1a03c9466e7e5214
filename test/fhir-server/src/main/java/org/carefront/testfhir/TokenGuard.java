package org.carefront.testfhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The token check of the guarded FHIR base (/guarded/fhir, the same server and data as /fhir): every request there
 * needs `Authorization: Bearer <token>`, and the token is checked with the introspection endpoint (RFC 7662) of the
 * OpenID providers this server trusts, on every request, so a token revoked at its provider or expired is refused with
 * 401 at once. The providers (one per introspection endpoint: a site's backend client and an organisation's sign-in
 * may both be trusted) and this server's own credentials at each are set by the tests through
 * {@link GuardConfigServlet}; until then every guarded request is refused. For each request let through, whose token
 * it carried (the introspection's `sub`, `client_id` and `scope`) is kept in a short log the tests can read. Requests
 * to /fhir are not checked.
 */
@Interceptor
public class TokenGuard {

  public static final String GUARDED_SERVLET_PATH = "/guarded/fhir";
  private static final int SEEN_KEPT = 2000;

  /** Where and as whom tokens are introspected; `trustedCertificatePem` is the provider's TLS certificate (https). */
  public record Introspection(URI endpoint, String clientId, String clientSecret, String trustedCertificatePem) {}

  /** A guarded request let through: what it asked, and whose token it carried. */
  public record Seen(long seq, String method, String resource, String subject, String clientId, String scope) {}

  private record Trusted(Introspection introspection, HttpClient http) {}

  private record Active(String subject, String clientId, String scope) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Trusted> providers = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<Seen> seen = new ConcurrentLinkedDeque<>();
  private long seq = 0;

  /** Trusts a provider (or changes this server's credentials at one already trusted: same endpoint). */
  public void configure(Introspection introspection) throws Exception {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (introspection.trustedCertificatePem() != null) builder.sslContext(trusting(introspection.trustedCertificatePem()));
    providers.put(introspection.endpoint().toString(), new Trusted(introspection, builder.build()));
  }

  /** The guarded requests let through after `since` (a `seq`), oldest first. */
  public List<Seen> seenSince(long since) {
    List<Seen> out = new ArrayList<>();
    for (Seen s : seen) if (s.seq() > since) out.add(s);
    return out;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean check(RequestDetails details, HttpServletRequest request, HttpServletResponse response) {
    if (!GUARDED_SERVLET_PATH.equals(request.getServletPath())) return true;
    String header = request.getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ") || header.length() <= 7) throw refused(response, "no bearer token");
    if (providers.isEmpty()) throw refused(response, "no token issuer is configured");
    String token = header.substring(7).trim();
    for (Trusted trusted : providers.values()) {
      Active active = active(trusted, token);
      if (active != null) {
        remember(request.getMethod(), details.getResourceName(), active);
        return true;
      }
    }
    throw refused(response, "the token is not active");
  }

  private synchronized void remember(String method, String resource, Active active) {
    seen.addLast(new Seen(++seq, method, resource == null ? "" : resource, active.subject(), active.clientId(), active.scope()));
    while (seen.size() > SEEN_KEPT) seen.pollFirst();
  }

  private Active active(Trusted trusted, String token) {
    Introspection introspection = trusted.introspection();
    String basic = Base64.getEncoder()
        .encodeToString((enc(introspection.clientId()) + ":" + enc(introspection.clientSecret())).getBytes(StandardCharsets.UTF_8));
    HttpRequest req = HttpRequest.newBuilder(introspection.endpoint())
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .header("Authorization", "Basic " + basic)
        .POST(HttpRequest.BodyPublishers.ofString("token=" + enc(token) + "&token_type_hint=access_token"))
        .build();
    try {
      HttpResponse<String> res = trusted.http().send(req, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) return null;
      JsonNode body = JSON.readTree(res.body());
      if (!body.path("active").asBoolean(false) || body.path("exp").asLong(0) * 1000 <= System.currentTimeMillis()) return null;
      return new Active(body.path("sub").asText(""), body.path("client_id").asText(""), body.path("scope").asText(""));
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      return null;
    }
  }

  /** TLS that trusts exactly the one certificate given (a provider's self-signed loopback certificate). */
  private static SSLContext trusting(String pem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry(
        "provider", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static AuthenticationException refused(HttpServletResponse response, String why) {
    response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return new AuthenticationException("test FHIR server: " + why);
  }
}
