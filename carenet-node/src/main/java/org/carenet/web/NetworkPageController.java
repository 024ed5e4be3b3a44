package org.carenet.web;

import org.carenet.access.Access;
import org.carenet.access.Operation;
import org.carenet.access.Resource;
import org.carenet.network.NetworkLedger;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** The administrator's view of the network: hospitals, the ledger's backend, this replica's lag, verification. */
@Controller
@RequestMapping("/admin/network")
class NetworkPageController {

    private final NetworkLedger network;

    NetworkPageController(NetworkLedger network) {
        this.network = network;
    }

    @Access(resource = Resource.LEDGER, operation = Operation.READ)
    @GetMapping
    String network(Model model) {
        model.addAttribute("network", network.overview());
        return "admin/network";
    }

    /** Verifies now and returns the verification box alone, which the page's button swaps in place (htmx). */
    @Access(resource = Resource.LEDGER, operation = Operation.READ)
    @PostMapping("/verification")
    String verify(Model model) {
        network.verify();
        model.addAttribute("network", network.overview());
        return "admin/network :: verification";
    }
}
