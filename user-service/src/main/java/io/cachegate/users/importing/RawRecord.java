package io.cachegate.users.importing;

/**
 * One record of an uploaded file, as text, not yet split into fields.
 *
 * @param line the file line the record starts on (1 is the first line; a quoted field may
 * span lines)
 * @param text the record without its line terminator
 */
record RawRecord(long line, String text) {

}
