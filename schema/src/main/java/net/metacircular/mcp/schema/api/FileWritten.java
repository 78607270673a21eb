package net.metacircular.mcp.schema.api;

/**
 * What {@code PUT /v1/services/{svc}/files/{path}} wrote.
 *
 * @param service the service
 * @param path the path under the service's folder
 * @param size bytes written
 * @param sha256 hex digest of the content
 * @param mode the file's permissions, e.g. {@code rw-------}
 */
public record FileWritten(String service, String path, long size, String sha256, String mode) {}
