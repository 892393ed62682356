# accept: virt iommu=smmuv3: IORT with ITS, SMMUv3 and RC nodes; pcie.0 translated
qemu-system-aarch64 \
  -M virt,iommu=smmuv3 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
