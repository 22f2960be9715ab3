/**
 * Spring Boot auto-configuration of asyncapi: the {@code asyncapi.*} properties ({@link
 * dev.asyncapi.spring.boot.AsyncApiProperties}), the engine and its store ({@link
 * dev.asyncapi.spring.boot.AsyncApiAutoConfiguration}), the servlet filter ({@link
 * dev.asyncapi.spring.boot.AsyncApiServletAutoConfiguration}), the actuator health indicator ({@link
 * dev.asyncapi.spring.boot.AsyncApiHealthAutoConfiguration}) and the customizer hooks. The package
 * {@code dev.asyncapi.spring.boot.internal} is not API.
 */
package dev.asyncapi.spring.boot;
