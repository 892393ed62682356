# accept: intel-iommu dma-translation=off (interrupt remapping only; exists in 7.2 and 10.0)
qemu-system-x86_64 \
  -M q35,kernel-irqchip=split \
  -device intel-iommu,id=viommu,intremap=on,dma-translation=off \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
