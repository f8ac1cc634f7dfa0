/**
 * The vocabulary that images ({@code core.domain}) and recipes ({@code core.recipe}) are both made of:
 * image formats, how a picture fits a box, and the error of an input that breaks their rules. It
 * depends on nothing else in core, so recipes need nothing of the domain.
 */
package dev.pixflow.core.media;
