import Foundation

/// Which build of the tool is running: the executable's size and modification time. A lesson
/// built by another build is rebuilt, so a changed renderer or engine never leaves stale pages
/// behind (the lesson cache keys on it, beside each lesson's own sources).
public enum ToolIdentity {
    public static let ofThisProcess: String = {
        var info = stat()
        let path = "/proc/self/exe"
        guard stat(path, &info) == 0 || stat(CommandLine.arguments.first ?? "", &info) == 0 else { return "unknown" }
        return "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()
}
