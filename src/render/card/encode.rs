//! A drawn card as PNG bytes: the colours reduced to a palette of at most 256, then
//! encoded with fixed settings.

use super::{HEIGHT, WIDTH};

/// An opaque RGBA image as PNG: with a palette when it has at most 256 colours, or when
/// its 256 most common colours stand for the others well enough (a card is a few flat
/// colours and the anti-aliased edges of its text); fixed settings, no time stamp.
pub(super) fn encode(rgba: &[u8]) -> Vec<u8> {
    let (palette, indices) = quantise(rgba);
    let mut out = Vec::with_capacity(48 * 1024);
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette);
    // fdeflate with the Paeth filter: a card in about 0.4 ms and 25–55 KB; zlib's level 6
    // would save a quarter of the bytes for twelve times the time.
    encoder.set_deflate_compression(png::DeflateCompression::FdeflateUltraFast);
    encoder.set_filter(png::Filter::Paeth);
    // Writing into a Vec cannot fail, and the sizes agree.
    if let Ok(mut writer) = encoder.write_header() {
        let _ = writer.write_image_data(&indices);
        let _ = writer.finish();
    }
    out
}

/// A palette of at most 256 RGB colours (3 bytes each) and the index of each pixel.
fn quantise(rgba: &[u8]) -> (Vec<u8>, Vec<u8>) {
    few_colours(rgba, WIDTH as usize).unwrap_or_else(|| many_colours(rgba))
}

/// [`quantise`] for an image of at most 256 colours, numbered as they first appear, or
/// `None` when it has more. A card is mostly flat colour: a block of pixels the same as
/// the block above it takes that block's indices at once, and only the others (the
/// edges of text and shapes) are looked at pixel by pixel.
fn few_colours(rgba: &[u8], width: usize) -> Option<(Vec<u8>, Vec<u8>)> {
    use rustc_hash::FxHashMap;
    const BLOCK: usize = 32;
    let mut index: FxHashMap<[u8; 3], u8> = FxHashMap::default();
    let mut palette: Vec<u8> = Vec::new();
    let mut indices: Vec<u8> = Vec::with_capacity(rgba.len() / 4);
    let (mut last, mut last_i) = ([0u8; 3], None::<u8>);
    for (y, row) in rgba.chunks(width * 4).enumerate() {
        for (b, block) in row.chunks(BLOCK * 4).enumerate() {
            let at = b * BLOCK * 4;
            if y > 0 && rgba[(y - 1) * width * 4 + at..][..block.len()] == *block {
                let from = (y - 1) * width + b * BLOCK;
                indices.extend_from_within(from..from + block.len() / 4);
                continue;
            }
            for px in block.chunks_exact(4) {
                let c = [px[0], px[1], px[2]];
                let i = match last_i {
                    Some(i) if c == last => i,
                    _ => match index.get(&c) {
                        Some(&i) => i,
                        None => {
                            let i = u8::try_from(palette.len() / 3).ok()?;
                            palette.extend(c);
                            index.insert(c, i);
                            i
                        }
                    },
                };
                (last, last_i) = (c, Some(i));
                indices.push(i);
            }
        }
    }
    Some((palette, indices))
}

/// [`quantise`] for an image of more than 256 colours: the 256 most common are kept
/// (equal counts in colour order, so that the palette is always the same), and each
/// other colour takes the nearest of them.
fn many_colours(rgba: &[u8]) -> (Vec<u8>, Vec<u8>) {
    use rustc_hash::FxHashMap;
    let mut counts: FxHashMap<[u8; 3], u32> = FxHashMap::default();
    for px in rgba.chunks_exact(4) {
        *counts.entry([px[0], px[1], px[2]]).or_default() += 1;
    }
    let mut colours: Vec<([u8; 3], u32)> = counts.into_iter().collect();
    colours.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let kept: Vec<[u8; 3]> = colours.iter().take(256).map(|&(c, _)| c).collect();
    let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
    let nearest = |c: [u8; 3]| {
        let distance = |k: &[u8; 3]| d(c[0], k[0]) + d(c[1], k[1]) + d(c[2], k[2]);
        kept.iter().enumerate().min_by_key(|(_, k)| distance(k)).map_or(0, |(i, _)| i as u8)
    };
    let index: FxHashMap<[u8; 3], u8> =
        colours.iter().enumerate().map(|(i, &(c, _))| (c, if i < 256 { i as u8 } else { nearest(c) })).collect();
    let palette = kept.iter().flatten().copied().collect();
    (palette, rgba.chunks_exact(4).map(|px| index.get(&[px[0], px[1], px[2]]).copied().unwrap_or(0)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_than_256_colours_keep_the_most_common_and_take_the_nearest() {
        // 300 colours: grey levels 0..=255 four pixels each, and 44 reds once each.
        let mut rgba = Vec::new();
        for g in 0..=255u8 {
            for _ in 0..4 {
                rgba.extend([g, g, g, 255]);
            }
        }
        for r in 0..44u8 {
            rgba.extend([200 + r, 0, 0, 255]);
        }
        let (palette, indices) = quantise(&rgba);
        assert_eq!(palette.len(), 256 * 3);
        assert_eq!(indices.len(), rgba.len() / 4);
        let colour = |i: u8| &palette[usize::from(i) * 3..usize::from(i) * 3 + 3];
        // Every grey is kept exactly; a red takes the nearest grey.
        for (px, &i) in rgba.chunks_exact(4).zip(&indices).take(1024) {
            assert_eq!(colour(i), &px[..3]);
        }
        let red = *indices.last().unwrap();
        assert_eq!(colour(red), &[81, 81, 81], "(243, 0, 0) is nearest to grey 81");
        // Few colours: numbered as they first appear.
        let (palette, indices) = quantise(&[9, 9, 9, 255, 1, 2, 3, 255, 9, 9, 9, 255]);
        assert_eq!((palette, indices), (vec![9, 9, 9, 1, 2, 3], vec![0, 1, 0]));
    }
}
