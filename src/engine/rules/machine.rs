//! `-machine` options: properties that only exist on some machine types, and machine-wide
//! bypass settings that QEMU accepts but that do nothing.

use crate::engine::design::{Design, MachineType, QemuVersion};
use crate::engine::diagnostics::Diagnostic;

use super::facts::{Facts, Root, Viommu};

/// The QOM type name of the machine as QEMU prints it in `Property '<type>.<prop>' not found`
/// (`pc-q35-7.2-machine`, `pc-i440fx-10.0-machine`, `virt-10.0-machine`, or the versioned
/// type the design names, e.g. `pc-q35-9.1-machine`).
pub fn qom_type(design: &Design) -> String {
    design.qom_machine_type()
}

/// Machine-property errors and machine-wide warnings.
pub fn check(facts: &Facts, out: &mut Vec<Diagnostic>) {
    let design = facts.design;
    let machine = &design.machine;
    let x86 = machine.machine_type != MachineType::Virt;
    iort_id_count(facts, out);

    // hw/arm/virt.c virt_instance_init: `iommu` and `its` are virt machine properties; x86
    // machines do not have them, and -machine parsing (qom/object.c object_set_props via
    // hw/core/machine.c) fails with QEMU's generic "Property ... not found".
    if x86 && machine.iommu_smmuv3 {
        out.push(Diagnostic::error(
            "smmuv3-needs-virt",
            format!("Property '{}.iommu' not found", qom_type(design)),
            Some("machine"),
        ));
    }
    if x86 && machine.its.is_some() {
        out.push(Diagnostic::error(
            "its-needs-virt",
            format!("Property '{}.its' not found", qom_type(design)),
            Some("machine"),
        ));
    }

    // hw/i386/pc.c pc_machine_class_init defines default-bus-bypass-iommu for every
    // PC_MACHINE, but only hw/i386/pc_q35.c wires it to the host bridge; i440FX never reads it.
    if machine.machine_type == MachineType::Pc && machine.default_bus_bypass_iommu {
        out.push(Diagnostic::warning(
            "default-bus-bypass-ignored-on-pc",
            "default_bus_bypass_iommu=on is accepted on the pc (i440FX) machine but ignored: \
             QEMU never copies it to the i440FX host bridge, so devices on pci.0 still go \
             through the vIOMMU and the tables still list bus 0. Use q35, or a pxb-pcie \
             with bypass_iommu=on on q35, to bypass.",
            Some("machine"),
        ));
    }

    // hw/arm/virt-acpi-build.c build_iort: QEMU 7.2 and 10.0 write the ITS group node and
    // the RC/SMMUv3 -> ITS mappings whatever `its` says (fw_cfg IORT read back from both with
    // its=off, GICv2 and GICv3: identical to its=on); only later QEMU (10.2) drops them.
    // hw/arm/virt.c create_its: with its=off no ITS exists; GICv3 then has no MSI controller.
    if machine.machine_type == MachineType::Virt
        && machine.iommu_smmuv3
        && machine.its == Some(false)
        && facts.viommu == Some(Viommu::Smmuv3)
    {
        let message = format!(
            "iommu=smmuv3 with its=off: the machine has no ITS, but QEMU {} still writes an ITS \
             group node into the IORT and maps the SMMUv3 and every bypassed requester ID to it, \
             so a guest following the IORT routes MSIs to an ITS that does not exist. With \
             GICv3 and no ITS, PCI devices have no MSI controller at all (INTx only); with the \
             default GICv2, its=off changes nothing (MSIs use GICv2m).",
            design.qemu_version.as_str()
        );
        out.push(Diagnostic::warning(
            "smmuv3-its-off",
            message,
            Some("machine"),
        ));
    }
}

/// hw/arm/virt-acpi-build.c build_iort_id_mapping (7.2): "Number of IDs" holds the count,
/// where the IORT spec wants count − 1 (fixed upstream in 9.1, "Fix id_count in
/// build_iort_id_mapping"; 10.0 writes count − 1, read back from fw_cfg on both). Read per the
/// spec every SMMUv3 range then overlaps the next mapping by one requester ID, and Linux logs
/// a firmware bug. Only the legacy SMMUv3 IORT has adjacent ranges (virtio-iommu's IORT is a
/// single 0..0xFFFF map to the ITS), and only when something is translated.
fn iort_id_count(facts: &Facts, out: &mut Vec<Diagnostic>) {
    let design = facts.design;
    if design.qemu_version != QemuVersion::V7_2 || facts.viommu != Some(Viommu::Smmuv3) {
        return;
    }
    let main_translated = !facts.root_bypass_in_tables(Root::Main);
    let any_translated = main_translated
        || facts
            .pxbs()
            .any(|(i, _)| !facts.root_bypass_in_tables(Root::Pxb(i)));
    if !any_translated {
        return;
    }
    out.push(Diagnostic::info(
        "iort-num-ids-off-by-one",
        "QEMU 7.2 writes each IORT ID mapping's \"Number of IDs\" as the count of IDs instead \
         of count − 1 (fixed in QEMU 9.1; 10.0 is correct), so read per the IORT spec every \
         SMMUv3 range overlaps the next mapping by one requester ID. Linux reports it as \
         \"[Firmware Bug]: conflicting mapping for input ID\".",
        Some("machine"),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Case;
    use crate::engine::diagnostics::Severity::{Error, Warning};

    const CASES: &[Case] = &[
        Case {
            name: "smmuv3 on q35 names the versioned machine type (7.2)",
            version: "7.2",
            machine: "q35,iommu=smmuv3",
            devices: &[],
            expect: &[(
                Error,
                "smmuv3-needs-virt",
                "Property 'pc-q35-7.2-machine.iommu' not found",
            )],
        },
        Case {
            name: "smmuv3 on q35 (10.0)",
            version: "10.0",
            machine: "q35,iommu=smmuv3",
            devices: &[],
            expect: &[(
                Error,
                "smmuv3-needs-virt",
                "Property 'pc-q35-10.0-machine.iommu' not found",
            )],
        },
        Case {
            name: "smmuv3 on pc",
            version: "7.2",
            machine: "pc,iommu=smmuv3",
            devices: &[],
            expect: &[(
                Error,
                "smmuv3-needs-virt",
                "Property 'pc-i440fx-7.2-machine.iommu' not found",
            )],
        },
        Case {
            name: "its on q35",
            version: "10.0",
            machine: "q35,its=off",
            devices: &[],
            expect: &[(
                Error,
                "its-needs-virt",
                "Property 'pc-q35-10.0-machine.its' not found",
            )],
        },
        Case {
            name: "default bus bypass on pc is ignored",
            version: "10.0",
            machine: "pc,default_bus_bypass_iommu=on",
            devices: &["virtio-iommu-pci,id=viommu,bus=pci.0"],
            expect: &[(Warning, "default-bus-bypass-ignored-on-pc", "ignored")],
        },
        Case {
            name: "smmuv3 with its=off (10.0)",
            version: "10.0",
            machine: "virt,iommu=smmuv3,its=off",
            devices: &[],
            expect: &[(
                Warning,
                "smmuv3-its-off",
                "QEMU 10.0 still writes an ITS group node",
            )],
        },
        Case {
            name: "smmuv3 with its=off (7.2)",
            version: "7.2",
            machine: "virt,iommu=smmuv3,its=off",
            devices: &[],
            expect: &[(
                Warning,
                "smmuv3-its-off",
                "QEMU 7.2 still writes an ITS group node",
            )],
        },
        Case {
            name: "default bus bypass is fine on q35 and virt",
            version: "7.2",
            machine: "virt,iommu=smmuv3,default_bus_bypass_iommu=on",
            devices: &[
                "pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16",
                "pcie-root-port,id=rp1,bus=pxb1,chassis=1",
            ],
            expect: &[],
        },
    ];

    #[test]
    fn iort_off_by_one_only_on_7_2_with_something_translated() {
        let infos = |version: &str, machine: &str| {
            let design = super::super::testkit::design(version, machine, &[]);
            super::super::check(&design, &Default::default(), &[])
                .into_iter()
                .filter(|d| d.code == "iort-num-ids-off-by-one")
                .count()
        };
        assert_eq!(infos("7.2", "virt,iommu=smmuv3"), 1);
        assert_eq!(infos("10.0", "virt,iommu=smmuv3"), 0);
        assert_eq!(
            infos("7.2", "virt,iommu=smmuv3,default_bus_bypass_iommu=on"),
            0
        );
        assert_eq!(infos("7.2", "virt"), 0);
    }

    #[test]
    fn machine_rules() {
        super::super::run_unit_cases(CASES);
    }
}
