# accept: amd-iommu with vfio-pci behind a bypassed PXB: a translated vfio-pci is refused by AMD-Vi at runtime ("requires iommu notifier which is not currently supported"), a bypassed one registers no IOMMU notifier
# substitution: the harness runs vfio-pci as an emulated e1000e with the same id at the same place (no host device here); the engine models vfio-pci.
# QEMU cannot check the vfio-specific rules here (the stand-in has none): by hw/i386/amd_iommu.c amdvi_iommu_notify_flag_changed, only a translated vfio-pci fails.
qemu-system-x86_64 \
  -M q35 \
  -device amd-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10,bypass_iommu=on \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device vfio-pci,id=hostdev0,bus=rp10,host=0000:3b:00.0
