# accept: the seed document's virt example (pxb-pcie at 3.1 and 3.2 without function 0; kernel_irqchip=on ignored under TCG)
qemu-system-aarch64 \
  -machine virt,kernel_irqchip=on,iommu=smmuv3,default_bus_bypass_iommu=true \
  -device pxb-pcie,bus_nr=0x10,id=pci.10,bus=pcie.0,addr=0x3.0x1 \
  -device pxb-pcie,bus_nr=0x20,id=pci.20,bus=pcie.0,addr=0x3.0x2,bypass_iommu=true
