/* How a KMDF driver obtains a bus or PF driver interface: WdfFdoQueryForInterface
 * (wdffdo.h), which sends IRP_MN_QUERY_INTERFACE down the stack. In sw-stubs
 * a WDFDEVICE handle comes from the C++ model that plays that device stack
 * (pci_virtualization_bus::wdf_device(), pcivirt_pf_driver::wdf_device()).
 *
 * Returns STATUS_SUCCESS and fills Interface (Size, Version, Context, routines)
 * when the stack exports InterfaceType; STATUS_NOT_SUPPORTED when it does not;
 * STATUS_INVALID_PARAMETER for a NULL/unknown handle, NULL Interface, a Size
 * smaller than the interface structure or an unsupported Version. */
#ifndef SRIOV_WIN_WDF_QUERY_STUB_H
#define SRIOV_WIN_WDF_QUERY_STUB_H

#include "win/ntdef_stub.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct WDFDEVICE__* WDFDEVICE;

NTSTATUS WdfFdoQueryForInterface(_In_ WDFDEVICE Fdo, _In_ LPCGUID InterfaceType,
                                 _Out_ PINTERFACE Interface, _In_ USHORT Size, _In_ USHORT Version,
                                 _In_opt_ PVOID InterfaceSpecificData);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SRIOV_WIN_WDF_QUERY_STUB_H */
