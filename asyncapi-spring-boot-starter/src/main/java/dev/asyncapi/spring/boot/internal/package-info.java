/** The auto-configuration's machinery; not API, may change in any release. */
package dev.asyncapi.spring.boot.internal;
