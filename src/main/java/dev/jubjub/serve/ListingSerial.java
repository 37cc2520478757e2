package dev.jubjub.serve;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.upstream.ListingParser;
import dev.jubjub.upstream.UpstreamException;
import java.io.IOException;
import java.lang.ref.WeakReference;
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
  /** The listing last read, held weakly as the page cache may drop it; and its serial. */
  private WeakReference<Pages.Document> readFrom = new WeakReference<>(null);
  private OptionalLong serial = OptionalLong.empty();

  ListingSerial(PageCache pages) {
    this.pages = pages;
  }

  /**
   * The serial, read again only when the listing changed; empty when there is no JSON listing
   * (a mirror with {@code simple-format = html}) or it cannot be read.
   */
  synchronized OptionalLong current() throws IOException {
    Pages.Document listing = pages.get(LISTING);
    if (listing == null) {
      return OptionalLong.empty();
    }
    if (readFrom.get() != listing) {
      readFrom = new WeakReference<>(listing);
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
