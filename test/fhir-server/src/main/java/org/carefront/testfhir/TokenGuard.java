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
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The token check of the guarded FHIR base (/guarded/fhir, the same server and data as /fhir): every request there
 * needs `Authorization: Bearer <token>`, and the token is checked with the OpenID provider's introspection endpoint
 * (RFC 7662) on every request, so a token revoked at the provider or expired is refused with 401 at once. The
 * provider and this server's own credentials there are set by the tests through {@link GuardConfigServlet}; until
 * then every guarded request is refused. Requests to /fhir are not checked.
 */
@Interceptor
public class TokenGuard {

  public static final String GUARDED_SERVLET_PATH = "/guarded/fhir";

  /** Where and as whom tokens are introspected. */
  public record Introspection(URI endpoint, String clientId, String clientSecret) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final AtomicReference<Introspection> config = new AtomicReference<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public void configure(Introspection introspection) {
    config.set(introspection);
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean check(RequestDetails details, HttpServletRequest request, HttpServletResponse response) {
    if (!GUARDED_SERVLET_PATH.equals(request.getServletPath())) return true;
    String header = request.getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ") || header.length() <= 7) throw refused(response, "no bearer token");
    Introspection introspection = config.get();
    if (introspection == null) throw refused(response, "no token issuer is configured");
    if (!active(introspection, header.substring(7).trim())) throw refused(response, "the token is not active");
    return true;
  }

  private boolean active(Introspection introspection, String token) {
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
      HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) return false;
      JsonNode body = JSON.readTree(res.body());
      return body.path("active").asBoolean(false) && body.path("exp").asLong(0) * 1000 > System.currentTimeMillis();
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static AuthenticationException refused(HttpServletResponse response, String why) {
    response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return new AuthenticationException("test FHIR server: " + why);
  }
}
