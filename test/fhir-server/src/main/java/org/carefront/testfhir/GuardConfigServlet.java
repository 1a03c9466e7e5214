package org.carefront.testfhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/**
 * For tests: PUT /guard with {"introspectionUrl", "clientId", "clientSecret"} says which OpenID provider checks the
 * tokens of the guarded FHIR base, and as whom this server asks it (see {@link TokenGuard}). Loopback only.
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
    URI endpoint;
    try {
      endpoint = URI.create(url);
    } catch (IllegalArgumentException e) {
      res.sendError(400, "introspectionUrl is not a URL");
      return;
    }
    if (!"http".equals(endpoint.getScheme()) || !"127.0.0.1".equals(endpoint.getHost()) || clientId.isEmpty() || secret.isEmpty()) {
      res.sendError(400, "introspectionUrl (http://127.0.0.1:...), clientId and clientSecret are required");
      return;
    }
    guard.configure(new TokenGuard.Introspection(endpoint, clientId, secret));
    res.setStatus(204);
  }
}
