/*
 * Example SR-IOV PF driver, written the way a Windows driver writer writes it
 * against the documented prototypes (wdm.h, pcivirt.h, ndis.h). It compiles
 * unchanged against the sw-stubs headers and runs against the TLM model.
 *
 *  - KMDF part: queries GUID_PCI_VIRTUALIZATION_INTERFACE from its PDO, enables
 *    VFs with EnableVirtualization, and implements the pcivirt callbacks
 *    (SRIOV_READ_CONFIG, SRIOV_WRITE_CONFIG, SRIOV_RESET_FUNCTION) by
 *    forwarding to Get/SetVirtualFunctionData, like the WDK's SR-IOV PF sample.
 *  - NDIS part: a PF miniport's OID handler for OID_SRIOV_WRITE/READ_VF_CONFIG_SPACE
 *    calling NdisMSet/GetVirtualFunctionBusData.
 */
#include "example_pf_driver.h"

#include <string.h>

#define EXAMPLE_MAX_VFS 64

typedef struct _EXAMPLE_DEVICE_CONTEXT {
    PCI_VIRTUALIZATION_INTERFACE BusInterface;
    BOOLEAN BusInterfaceValid;
    USHORT NumVFs;
    ULONG ResetCount[EXAMPLE_MAX_VFS];
} EXAMPLE_DEVICE_CONTEXT, *PEXAMPLE_DEVICE_CONTEXT;

typedef struct _EXAMPLE_ADAPTER {
    NDIS_HANDLE MiniportAdapterHandle;
    USHORT NumVFs;
    BOOLEAN VfAllocated[EXAMPLE_MAX_VFS];
} EXAMPLE_ADAPTER, *PEXAMPLE_ADAPTER;

static EXAMPLE_DEVICE_CONTEXT g_Device;
static EXAMPLE_ADAPTER g_Adapter;

SRIOV_READ_CONFIG ExampleReadVfConfig;
SRIOV_WRITE_CONFIG ExampleWriteVfConfig;
SRIOV_RESET_FUNCTION ExampleResetVf;

_Use_decl_annotations_ NTSTATUS ExamplePfPrepareHardware(WDFDEVICE Device) {
    NTSTATUS status;

    memset(&g_Device, 0, sizeof(g_Device));
    status = WdfFdoQueryForInterface(
        Device, &GUID_PCI_VIRTUALIZATION_INTERFACE, (PINTERFACE)&g_Device.BusInterface,
        sizeof(PCI_VIRTUALIZATION_INTERFACE), PCI_VIRTUALIZATION_INTERFACE_VERSION, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_Device.BusInterfaceValid = TRUE;
    return STATUS_SUCCESS;
}

VOID ExamplePfReleaseHardware(void) {
    if (g_Device.BusInterfaceValid) {
        g_Device.BusInterface.InterfaceDereference(g_Device.BusInterface.Context);
        g_Device.BusInterfaceValid = FALSE;
    }
}

NTSTATUS ExamplePfEnableVfs(USHORT NumVFs) {
    NTSTATUS status;

    if (!g_Device.BusInterfaceValid || NumVFs > EXAMPLE_MAX_VFS) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    status = g_Device.BusInterface.EnableVirtualization(g_Device.BusInterface.Context, NumVFs,
                                                        FALSE, FALSE, TRUE);
    if (NT_SUCCESS(status)) {
        g_Device.NumVFs = NumVFs;
    }
    return status;
}

NTSTATUS ExamplePfDisableVfs(void) {
    NTSTATUS status;

    if (!g_Device.BusInterfaceValid) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    status = g_Device.BusInterface.EnableVirtualization(g_Device.BusInterface.Context, 0, FALSE,
                                                        FALSE, FALSE);
    if (NT_SUCCESS(status)) {
        g_Device.NumVFs = 0;
    }
    return status;
}

_Use_decl_annotations_ NTSTATUS ExampleReadVfConfig(PVOID Context, const VOID* Data, USHORT VfIndex,
                                                    ULONG Offset, ULONG Length) {
    PEXAMPLE_DEVICE_CONTEXT device = (PEXAMPLE_DEVICE_CONTEXT)Context;
    ULONG bytes;

    if (VfIndex >= device->NumVFs) {
        return STATUS_INVALID_PARAMETER;
    }
    bytes = device->BusInterface.GetVirtualFunctionData(device->BusInterface.Context, VfIndex,
                                                        (PVOID)Data, Offset, Length);
    return bytes == Length ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

_Use_decl_annotations_ NTSTATUS ExampleWriteVfConfig(PVOID Context, const VOID* Data,
                                                     USHORT VfIndex, ULONG Offset, ULONG Length) {
    PEXAMPLE_DEVICE_CONTEXT device = (PEXAMPLE_DEVICE_CONTEXT)Context;
    ULONG bytes;

    if (VfIndex >= device->NumVFs) {
        return STATUS_INVALID_PARAMETER;
    }
    bytes = device->BusInterface.SetVirtualFunctionData(device->BusInterface.Context, VfIndex,
                                                        (PVOID)Data, Offset, Length);
    return bytes == Length ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

_Use_decl_annotations_ NTSTATUS ExampleResetVf(PVOID Context, USHORT VfIndex) {
    PEXAMPLE_DEVICE_CONTEXT device = (PEXAMPLE_DEVICE_CONTEXT)Context;
    USHORT devctl = 0;

    if (VfIndex >= device->NumVFs) {
        return STATUS_INVALID_PARAMETER;
    }
    /* Function Level Reset through the VF's PCIe capability (Device Control, 0x78). */
    if (device->BusInterface.GetVirtualFunctionData(device->BusInterface.Context, VfIndex, &devctl,
                                                    0x78, sizeof(devctl)) != sizeof(devctl)) {
        return STATUS_UNSUCCESSFUL;
    }
    devctl |= 0x8000;
    if (device->BusInterface.SetVirtualFunctionData(device->BusInterface.Context, VfIndex, &devctl,
                                                    0x78, sizeof(devctl)) != sizeof(devctl)) {
        return STATUS_UNSUCCESSFUL;
    }
    device->ResetCount[VfIndex]++;
    return STATUS_SUCCESS;
}

VOID ExamplePfGetSriovInterface(PSRIOV_DEVICE_INTERFACE_STANDARD Interface) {
    memset(Interface, 0, sizeof(*Interface));
    Interface->Size = sizeof(SRIOV_DEVICE_INTERFACE_STANDARD);
    Interface->Version = 1;
    Interface->Context = &g_Device;
    Interface->ReadVfConfig = ExampleReadVfConfig;
    Interface->WriteVfConfig = ExampleWriteVfConfig;
    Interface->ResetVf = ExampleResetVf;
}

/* ------------------------------- NDIS part ------------------------------- */

NDIS_STATUS ExampleMiniportInitialize(NDIS_HANDLE MiniportAdapterHandle) {
    memset(&g_Adapter, 0, sizeof(g_Adapter));
    g_Adapter.MiniportAdapterHandle = MiniportAdapterHandle;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS ExampleMiniportCreateSwitch(USHORT NumVFs) {
    NDIS_STATUS status;

    if (NumVFs > EXAMPLE_MAX_VFS) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    status = NdisMEnableVirtualization(g_Adapter.MiniportAdapterHandle, NumVFs, FALSE, FALSE, TRUE);
    if (status == NDIS_STATUS_SUCCESS) {
        g_Adapter.NumVFs = NumVFs;
    }
    return status;
}

NDIS_STATUS ExampleMiniportAllocateVf(NDIS_SRIOV_FUNCTION_ID VFId) {
    if (VFId >= g_Adapter.NumVFs) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    g_Adapter.VfAllocated[VFId] = TRUE;
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS ExampleWriteVfConfigSpace(PEXAMPLE_ADAPTER Adapter,
                                             PNDIS_OID_REQUEST NdisRequest) {
    PNDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS params;
    ULONG bufferLength = NdisRequest->DATA.SET_INFORMATION.InformationBufferLength;
    ULONG bytes;

    if (bufferLength < NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1) {
        NdisRequest->DATA.SET_INFORMATION.BytesNeeded =
            NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
        return NDIS_STATUS_INVALID_LENGTH;
    }
    params = (PNDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS)
                 NdisRequest->DATA.SET_INFORMATION.InformationBuffer;
    if (params->VFId >= EXAMPLE_MAX_VFS || !Adapter->VfAllocated[params->VFId]) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    if (params->BufferOffset + params->Length > bufferLength) {
        NdisRequest->DATA.SET_INFORMATION.BytesNeeded = params->BufferOffset + params->Length;
        return NDIS_STATUS_INVALID_LENGTH;
    }
    bytes = NdisMSetVirtualFunctionBusData(Adapter->MiniportAdapterHandle, params->VFId,
                                           (PUCHAR)params + params->BufferOffset, params->Offset,
                                           params->Length);
    if (bytes != params->Length) {
        return NDIS_STATUS_FAILURE;
    }
    NdisRequest->DATA.SET_INFORMATION.BytesRead = params->BufferOffset + params->Length;
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS ExampleReadVfConfigSpace(PEXAMPLE_ADAPTER Adapter,
                                            PNDIS_OID_REQUEST NdisRequest) {
    PNDIS_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS params;
    ULONG outputLength = NdisRequest->DATA.METHOD_INFORMATION.OutputBufferLength;
    ULONG bytes;

    if (NdisRequest->DATA.METHOD_INFORMATION.InputBufferLength <
        NDIS_SIZEOF_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS_REVISION_1) {
        NdisRequest->DATA.METHOD_INFORMATION.BytesNeeded =
            NDIS_SIZEOF_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
        return NDIS_STATUS_INVALID_LENGTH;
    }
    params = (PNDIS_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS)
                 NdisRequest->DATA.METHOD_INFORMATION.InformationBuffer;
    if (params->VFId >= EXAMPLE_MAX_VFS || !Adapter->VfAllocated[params->VFId]) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    if (params->BufferOffset + params->Length > outputLength) {
        NdisRequest->DATA.METHOD_INFORMATION.BytesNeeded = params->BufferOffset + params->Length;
        return NDIS_STATUS_INVALID_LENGTH;
    }
    bytes = NdisMGetVirtualFunctionBusData(Adapter->MiniportAdapterHandle, params->VFId,
                                           (PUCHAR)params + params->BufferOffset, params->Offset,
                                           params->Length);
    if (bytes != params->Length) {
        return NDIS_STATUS_FAILURE;
    }
    NdisRequest->DATA.METHOD_INFORMATION.BytesWritten = params->BufferOffset + params->Length;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS ExampleMiniportOidRequest(NDIS_HANDLE MiniportAdapterContext,
                                      PNDIS_OID_REQUEST NdisRequest) {
    PEXAMPLE_ADAPTER adapter = (PEXAMPLE_ADAPTER)MiniportAdapterContext;

    if (adapter == NULL) {
        adapter = &g_Adapter;
    }
    switch (NdisRequest->RequestType) {
    case NdisRequestSetInformation:
        if (NdisRequest->DATA.SET_INFORMATION.Oid == OID_SRIOV_WRITE_VF_CONFIG_SPACE) {
            return ExampleWriteVfConfigSpace(adapter, NdisRequest);
        }
        break;
    case NdisRequestMethod:
        if (NdisRequest->DATA.METHOD_INFORMATION.Oid == OID_SRIOV_READ_VF_CONFIG_SPACE) {
            return ExampleReadVfConfigSpace(adapter, NdisRequest);
        }
        break;
    default:
        break;
    }
    return NDIS_STATUS_NOT_SUPPORTED;
}
