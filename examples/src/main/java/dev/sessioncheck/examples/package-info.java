/** The demo app and the catalogue of bugs sessioncheck stops. */
package dev.sessioncheck.examples;
