/**
 * The web foundation shared by the operation/monitoring pages: a Javalin (Jetty) server with the
 * project's WebJars and error pages ({@link io.github.ccrhil.web.WebServer}), live updates by
 * server-sent events ({@link io.github.ccrhil.web.SseHub}), browser sessions with idle expiry and
 * one-time form submissions ({@link io.github.ccrhil.web.Sessions}), and a small JSON writer
 * ({@link io.github.ccrhil.web.Json}). Knows no CCR and no water.
 */
package io.github.ccrhil.web;
