package dev.pixflow.app.trust;

import dev.pixflow.app.support.Http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/** Requests as one API key would send them (or with none, when the token is null). */
record AsKey(Http http, String token) {

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = http.request(path);
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> get(String path) {
        return http.send(request(path).GET().build());
    }

    HttpResponse<byte[]> bytes(String path) {
        return http.bytes(request(path).GET().build());
    }

    HttpResponse<String> json(String method, String path, String json) {
        return http.send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> delete(String path) {
        return http.send(request(path).DELETE().build());
    }

    HttpResponse<String> upload(Path file, String query) throws java.io.IOException {
        return http.send(request("/v1/images" + (query == null ? "" : "?" + query)).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build());
    }

    HttpResponse<String> put(String path, byte[] body) {
        return http.send(request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }
}
