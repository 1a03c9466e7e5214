package org.carefront.testfhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * For tests, loopback only. PUT /guard with {"introspectionUrl", "clientId", "clientSecret"} says that an OpenID
 * provider's tokens are taken on the guarded FHIR base, and as whom this server asks it about them (see
 * {@link TokenGuard}); several providers may be trusted at once, one per introspection endpoint, and a PUT for an
 * endpoint already trusted replaces its credentials. An https endpoint needs "trustedCertificate": the provider's
 * certificate (PEM), the only one trusted for it. GET /guard?since=N lists the guarded requests let through after
 * N, with whose token each carried.
 */
public class GuardConfigServlet extends HttpServlet {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final TokenGuard guard;

  public GuardConfigServlet(TokenGuard guard) {
    this.guard = guard;
  }

  @Override
  protected void doPut(HttpServletRequest req, HttpServletResponse res) throws IOException {
    JsonNode body;
    try {
      body = JSON.readTree(req.getInputStream());
    } catch (IOException e) {
      res.sendError(400, "not JSON");
      return;
    }
    String url = body.path("introspectionUrl").asText("");
    String clientId = body.path("clientId").asText("");
    String secret = body.path("clientSecret").asText("");
    String certificate = body.path("trustedCertificate").asText("");
    URI endpoint;
    try {
      endpoint = URI.create(url);
    } catch (IllegalArgumentException e) {
      res.sendError(400, "introspectionUrl is not a URL");
      return;
    }
    boolean http = "http".equals(endpoint.getScheme());
    boolean https = "https".equals(endpoint.getScheme()) && !certificate.isEmpty();
    if (!(http || https) || !"127.0.0.1".equals(endpoint.getHost()) || clientId.isEmpty() || secret.isEmpty()) {
      res.sendError(400, "introspectionUrl (http://127.0.0.1:... or https://127.0.0.1:... with trustedCertificate), clientId and clientSecret are required");
      return;
    }
    try {
      guard.configure(new TokenGuard.Introspection(endpoint, clientId, secret, https ? certificate : null));
    } catch (Exception e) {
      res.sendError(400, "trustedCertificate is not a PEM certificate");
      return;
    }
    res.setStatus(204);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    long since;
    try {
      since = Long.parseLong(req.getParameter("since") == null ? "0" : req.getParameter("since"));
    } catch (NumberFormatException e) {
      res.sendError(400, "since must be a number");
      return;
    }
    res.setContentType("application/json");
    JSON.writeValue(res.getOutputStream(), Map.of("seen", guard.seenSince(since)));
  }
}
