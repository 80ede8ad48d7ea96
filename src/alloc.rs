//! How the system allocator gives memory back.
//!
//! On Linux, glibc's `malloc` maps each block of 128 KiB or more on its own, so that
//! freeing it gives the memory back at once; but after such a block is freed, it raises that
//! size to the freed block's (up to 32 MiB), and blocks below it are then carved from the
//! heaps, where freed memory mostly stays with the process. A big catalogue frees many such
//! blocks while it loads, indexes and searches (buffers of a few megabytes), so the process
//! kept about 11 MiB more at 100,000 services (`bench`: 158 MiB peak, 147 MiB with the size
//! fixed). Fixing the size turns the raising off.
//!
//! This is the one place that calls C directly: `mallopt` only sets a number the allocator
//! reads, and may be called at any time from any thread. Other systems' allocators do not
//! keep memory this way, and are left alone.

/// Blocks of at least this many bytes are mapped on their own (glibc's usual start).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MAPPED_FROM: libc::c_int = 128 * 1024;

/// Has the allocator give big blocks back to the system when they are freed, whatever was
/// freed before (see the module). Call once, at the start. True when the setting was taken;
/// false where there is nothing to set (other than Linux with glibc) or it was refused.
pub fn give_big_blocks_back() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `mallopt` takes two integers and sets an allocator tunable; glibc allows it
        // at any time, from any thread. It returns 1 on success.
        #[allow(unsafe_code, reason = "the one allocator setting; see the module")]
        let set = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MAPPED_FROM) };
        set == 1
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn glibc_takes_the_setting() {
        assert!(give_big_blocks_back());
    }

    #[test]
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    fn elsewhere_nothing_is_set() {
        assert!(!give_big_blocks_back());
    }
}
