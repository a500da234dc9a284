#pragma once

#include <cxsched/util/error.hpp>

#include <filesystem>
#include <string_view>

namespace cxsched::util {

// Replaces `file` with `data` so that a reader sees the old or the new
// content, never a mix, and the new one survives a crash: written to
// "<file>.tmp.<pid>" (mode 0600, never through a symlink), fsynced, renamed
// over `file`, then the directory fsynced. The temp file is removed on
// failure.
Result<void> write_file_atomically(const std::filesystem::path& file, std::string_view data);

// Removes the "<file>.tmp.<pid>" files left by processes that no longer run
// (killed while writing). Call it holding the lock that guards `file`.
// Returns how many it removed.
int remove_stale_temp_files(const std::filesystem::path& file);

}  // namespace cxsched::util
