# accept: virt smmuv3 with vfio-pci on a bypassed default bus: legacy SMMUv3 refuses a translated vfio-pci ("requires iommu MAP notifier"), a bypassed one registers no notifier
# substitution: the harness runs vfio-pci as an emulated e1000e with the same id at the same place (no host device here); the engine models vfio-pci.
# QEMU cannot check the vfio-specific rules here (the stand-in has none): by hw/arm/smmuv3.c smmuv3_notify_flag_changed, only a translated vfio-pci fails.
qemu-system-aarch64 \
  -M virt,iommu=smmuv3,default_bus_bypass_iommu=on \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device vfio-pci,id=hostdev0,bus=rp1,host=0000:3b:00.0
