package dev.jubjub.serve;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.upstream.ListingParser;
import dev.jubjub.upstream.UpstreamException;
import java.io.IOException;
import java.net.URI;
import java.util.OptionalLong;

/**
 * The mirror's serial as its root listing ({@code /simple/} in PEP 691 JSON) gives it, read the way
 * a mirror of this one reads it. The listing's {@code X-PyPI-Last-Serial} header and XML-RPC
 * {@code changelog_last_serial} both answer this one value, not the {@code status} file: a
 * downstream mirror skips its run when the XML-RPC answer equals the serial it took from the
 * listing, so the two must never differ.
 */
final class ListingSerial {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ListingSerial.class);
  static final String LISTING = MirrorLayout.SIMPLE + "/index.v1_json";
  private static final URI SOURCE = URI.create("/simple/");
  private final PageCache pages;
  /** The ETag (time, length and checksum) of the listing last read, and its serial. */
  private String readFrom;
  private OptionalLong serial = OptionalLong.empty();

  ListingSerial(PageCache pages) {
    this.pages = pages;
  }

  /**
   * The serial, read again only when the listing changed; empty when there is no JSON listing
   * (a mirror with {@code simple-format = html}) or it cannot be read.
   */
  OptionalLong current() throws IOException {
    // exists() first: its answer is remembered, so a mirror without a JSON listing costs no read
    // (on an object store, no request) per listing served.
    Pages.Document listing = pages.exists(LISTING) ? pages.get(LISTING) : null;
    return listing == null ? OptionalLong.empty() : serialOf(listing);
  }

  /**
   * Keyed by content, not by the document: one too large for the page cache is a new document on
   * every read, and must not be parsed again each time.
   */
  private synchronized OptionalLong serialOf(Pages.Document listing) {
    String version = listing.etag("");
    if (!version.equals(readFrom)) {
      readFrom = version;
      try {
        serial = OptionalLong.of(ListingParser.serial(SOURCE, listing.body()));
      } catch (UpstreamException e) {
        log.warn("the root listing {} cannot be read: {}", LISTING, e.getMessage());
        serial = OptionalLong.empty();
      }
    }
    return serial;
  }
}
