/* The kernel routines a driver uses to reach its device's registers (wdm.h):
 * MmMapIoSpaceEx / MmUnmapIoSpace map a physical (bus) address range to a
 * virtual address; READ_REGISTER_ULONG / WRITE_REGISTER_ULONG access a
 * register through it. Prototypes as Microsoft documents them (learn.microsoft.com,
 * wdm.h; the WDK defines the register routines as inline functions). Page
 * protection values from winnt.h (checked against Wine include/winnt.h).
 *
 * In the model (docs/sw-stubs.md): a mapping is an address range reserved
 * with no access (a direct dereference faults; it never aliases memory), and
 * each register access through it becomes a TLM read or write on the root
 * complex's MMIO window from the calling driver thread (sriov/sw_stubs/
 * io_space.h). A pointer outside every mapping reads all ones and writes
 * nothing, with a SystemC warning. Call the register routines from an
 * SC_THREAD. */
#ifndef SRIOV_WIN_WDM_IO_SPACE_H
#define SRIOV_WIN_WDM_IO_SPACE_H

#include "win/ntdef_stub.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int64_t LONGLONG;
typedef uintptr_t ULONG_PTR, SIZE_T;

/* LARGE_INTEGER (winnt.h); PHYSICAL_ADDRESS (wdm.h) is one. */
typedef union _LARGE_INTEGER {
    struct {
        ULONG LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;
typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

/* Page protection (winnt.h): one of READONLY / READWRITE, optionally with
 * NOCACHE or WRITECOMBINE, is what MmMapIoSpaceEx accepts for device memory. */
#define PAGE_NOACCESS          0x01u
#define PAGE_READONLY          0x02u
#define PAGE_READWRITE         0x04u
#define PAGE_EXECUTE           0x10u
#define PAGE_EXECUTE_READ      0x20u
#define PAGE_EXECUTE_READWRITE 0x40u
#define PAGE_GUARD             0x100u
#define PAGE_NOCACHE           0x200u
#define PAGE_WRITECOMBINE      0x400u

/* NULL when the range cannot be mapped: NumberOfBytes 0, a range past
 * 2^64 - 1, a Protect value other than the above, or no io_space in the
 * simulation. */
PVOID MmMapIoSpaceEx(_In_ PHYSICAL_ADDRESS PhysicalAddress, _In_ SIZE_T NumberOfBytes,
                     _In_ ULONG Protect);
/* BaseAddress and NumberOfBytes of one earlier mapping; anything else changes
 * nothing (SystemC warning). */
VOID MmUnmapIoSpace(_In_ PVOID BaseAddress, _In_ SIZE_T NumberOfBytes);

ULONG READ_REGISTER_ULONG(_In_ volatile ULONG* Register);
VOID WRITE_REGISTER_ULONG(_In_ volatile ULONG* Register, _In_ ULONG Value);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SRIOV_WIN_WDM_IO_SPACE_H */
