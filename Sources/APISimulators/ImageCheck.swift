/// What the simulators accept as an image: a PNG with a valid header (IHDR first), or a JPEG with
/// start and end markers; the size is read from the header as Telegram does.
enum ImageCheck {
    struct Image: Equatable {
        var format: String
        var width: Int
        var height: Int
    }

    static func inspect(_ bytes: [UInt8]) -> Image? {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if bytes.starts(with: png), bytes.count >= 33, Array(bytes[12..<16]) == Array("IHDR".utf8) {
            let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            return width > 0 && height > 0 ? Image(format: "png", width: width, height: height) : nil
        }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]), bytes.suffix(2) == [0xFF, 0xD9] {
            return jpegSize(bytes).map { Image(format: "jpeg", width: $0.0, height: $0.1) }
        }
        return nil
    }

    /// Walks JPEG segments to the first start-of-frame marker.
    private static func jpegSize(_ bytes: [UInt8]) -> (Int, Int)? {
        var index = 2
        while index + 9 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            if (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC {
                let height = Int(bytes[index + 5]) << 8 | Int(bytes[index + 6])
                let width = Int(bytes[index + 7]) << 8 | Int(bytes[index + 8])
                return width > 0 && height > 0 ? (width, height) : nil
            }
            index += 2 + length
        }
        return nil
    }
}
