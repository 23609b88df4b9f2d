/* A miniport's register access (ndis.h): NdisMMapIoSpace / NdisMUnmapIoSpace
 * and NdisReadRegisterUlong / NdisWriteRegisterUlong, as Microsoft documents
 * them (the WDK defines the register routines as macros over
 * READ_REGISTER_ULONG / WRITE_REGISTER_ULONG). In the model they share the
 * kernel routines' mappings (win/wdm_io_space.h, sriov/sw_stubs/io_space.h).
 * A VF miniport calls them with the translated memory resource pci.sys gives
 * it: its VF BAR window, VF k at VF BARn base + k x aperture. */
#ifndef SRIOV_WIN_NDIS_IO_SPACE_H
#define SRIOV_WIN_NDIS_IO_SPACE_H

#include "win/ndis_sriov.h"
#include "win/wdm_io_space.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef PHYSICAL_ADDRESS NDIS_PHYSICAL_ADDRESS, *PNDIS_PHYSICAL_ADDRESS;

/* = STATUS_INSUFFICIENT_RESOURCES (ndis.h; Wine include/ddk/ndis.h) */
#define NDIS_STATUS_RESOURCES SRIOV_WIN_CAST(NDIS_STATUS, 0xC000009Au)

/* The documented results: NDIS_STATUS_SUCCESS with *VirtualAddress set;
 * NDIS_STATUS_FAILURE for a NULL MiniportAdapterHandle, Length 0 or a range
 * past 2^64 - 1 (*VirtualAddress NULL); NDIS_STATUS_RESOURCES when there is
 * no io_space in the simulation. A NULL VirtualAddress is refused the same
 * way (nothing is written). */
NDIS_STATUS NdisMMapIoSpace(_Out_ PVOID* VirtualAddress, _In_ NDIS_HANDLE MiniportAdapterHandle,
                            _In_ NDIS_PHYSICAL_ADDRESS PhysicalAddress, _In_ UINT Length);
VOID NdisMUnmapIoSpace(_In_ NDIS_HANDLE MiniportAdapterHandle, _In_ PVOID VirtualAddress,
                       _In_ UINT Length);

VOID NdisReadRegisterUlong(_In_ PULONG Register, _Out_ PULONG Data);
VOID NdisWriteRegisterUlong(_In_ PULONG Register, _In_ ULONG Data);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SRIOV_WIN_NDIS_IO_SPACE_H */
